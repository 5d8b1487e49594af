package dev.agentserve.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Shortens a Reactor Netty server path that lost requests in 1.3.7: a keep-alive request
 * that arrives before the previous exchange has fully terminated (common when a response
 * completes on a Redis thread) is queued and, in a race, never read, so the client waits
 * until it times out (reactor/reactor-netty#4347, #4361). With
 * {@code lastFlushWhenNoRead} the previous exchange terminates before the next request is
 * read, so it is dispatched at once rather than queued. Reactor Netty reads the property
 * once, when its HTTP server classes load, which happens after this runs. It closed only
 * one way into the lost read; Reactor Netty 1.3.8 (pinned in the build ahead of Spring
 * Boot 4.1.1) fixes the read itself.
 * <p>
 * Also sizes Reactor Netty's event loops to the processors the JVM sees
 * ({@code reactor.netty.ioWorkerCount}, unless set): its default is at least four, which
 * on a one- or two-core replica means more loop threads than cores taking turns on them.
 * Nothing blocks an event loop here, so one loop per core is enough. The server's own
 * loops ({@link ServerLoops}) and the JVM-wide ones of the outbound HTTP clients (model
 * endpoints, tools) both follow it.
 */
public class ReactorNettyEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
		if (System.getProperty(ServerLoops.IO_WORKER_COUNT) == null) {
			System.setProperty(ServerLoops.IO_WORKER_COUNT, String.valueOf(Runtime.getRuntime().availableProcessors()));
		}
	}

}
