package dev.agentserve.config;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Opens the Redis connections (data and control) once their factories have started and
 * before the HTTP server takes requests, on the starting thread. Spring Data Redis would
 * otherwise open each on the thread of its first command, an event loop, and block it for
 * the connect. When Redis cannot be reached the service starts anyway (readiness reports
 * it) and the connection is opened by the first command that finds Redis back.
 */
final class RedisConnectAtStart implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RedisConnectAtStart.class);

	private final LettuceConnectionFactory data;

	private final LettuceConnectionFactory control;

	private volatile boolean running;

	RedisConnectAtStart(LettuceConnectionFactory data, LettuceConnectionFactory control) {
		this.data = data;
		this.control = control;
	}

	@Override
	public void start() {
		this.running = true;
		try {
			for (ReactiveRedisConnectionFactory factory : List.of(this.data, this.control)) {
				factory.getReactiveConnection().close();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Redis cannot be reached at start ({}); the service starts unready and connects when it can",
					ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the connection factories (phase 0), long before the web server. */
	@Override
	public int getPhase() {
		return 1;
	}

}
