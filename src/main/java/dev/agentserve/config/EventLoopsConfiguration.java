package dev.agentserve.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The HTTP server runs on this context's own event loops ({@link ServerLoops}) rather
 * than Reactor Netty's JVM-wide ones.
 */
@Configuration(proxyBeanMethods = false)
class EventLoopsConfiguration {

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

}
