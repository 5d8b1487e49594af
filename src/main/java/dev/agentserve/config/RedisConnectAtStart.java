package dev.agentserve.config;

import java.util.List;

import dev.agentserve.limit.RedisBacklog;
import io.lettuce.core.AbstractRedisClient;
import org.jspecify.annotations.Nullable;
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
 * <p>
 * It also adds {@link RedisBacklog} (a Lettuce command listener that counts the data
 * connection's pending commands for admission control) to the data factory's client, on
 * every start: a factory that stops and starts again (a paused test context, a checkpoint
 * and restore) starts with a new client.
 */
final class RedisConnectAtStart implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RedisConnectAtStart.class);

	private final LettuceConnectionFactory data;

	private final LettuceConnectionFactory control;

	private final RedisBacklog backlog;

	/** The data client the backlog listener was added to. */
	private @Nullable AbstractRedisClient counted;

	private volatile boolean running;

	RedisConnectAtStart(LettuceConnectionFactory data, LettuceConnectionFactory control, RedisBacklog backlog) {
		this.data = data;
		this.control = control;
		this.backlog = backlog;
	}

	@Override
	public void start() {
		this.running = true;
		AbstractRedisClient client = this.data.getNativeClient();
		if (client == null) {
			log.warn("Redis backlog not counted: the data connection's Redis client was not created");
		}
		else if (client != this.counted) {
			client.addListener(this.backlog);
			this.counted = client;
		}
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
