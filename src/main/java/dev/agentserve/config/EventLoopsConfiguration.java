package dev.agentserve.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The HTTP server runs on this context's own event loops ({@link ServerLoops}) rather
 * than Reactor Netty's JVM-wide ones, and Redis shares them ({@link SharedEventLoops})
 * unless {@code agentserve.redis.shared-event-loops} is false.
 */
@Configuration(proxyBeanMethods = false)
class EventLoopsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EventLoopsConfiguration.class);

	@Bean
	ServerLoops serverLoops() {
		return new ServerLoops();
	}

	/**
	 * Replaces Spring Boot's factory (which hands out the JVM-wide loops): the server and
	 * every client built from this factory run on {@link ServerLoops}, which it does not
	 * own and so never disposes.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory(ServerLoops loops) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(loops.resources());
		return factory;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "agentserve.redis.shared-event-loops", matchIfMissing = true)
	ClientResourcesBuilderCustomizer sharedEventLoops(ServerLoops loops) {
		return (builder) -> SharedEventLoops.of(loops.resources())
			.ifPresentOrElse(builder::eventLoopGroupProvider,
					() -> log.info("Redis keeps event loops of its own: the HTTP server's use another transport"));
	}

}
