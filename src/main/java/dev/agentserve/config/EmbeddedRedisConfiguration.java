package dev.agentserve.config;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real, non-durable {@code redis-server} when no Redis is configured, so the
 * service runs on a bare machine. Boot's Redis auto-configuration backs off from its own
 * connection details when this bean exists.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoRedisConfiguredCondition.class)
class EmbeddedRedisConfiguration {

	@Bean(destroyMethod = "stop")
	EmbeddedRedis embeddedRedis() {
		return EmbeddedRedis.start();
	}

	@Bean
	StopLast embeddedRedisStopsLast(EmbeddedRedis redis) {
		return new StopLast(redis);
	}

	@Bean
	DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedis redis) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(redis.host(), redis.port());
			}

		};
	}

	/**
	 * Stops the server in the last lifecycle phase, after the turn drain, the web server
	 * and the Redis clients: running turns still write their events while they drain. It
	 * runs from construction on, since the Redis clients need it before any lifecycle
	 * starts.
	 */
	static final class StopLast implements SmartLifecycle {

		private final EmbeddedRedis redis;

		StopLast(EmbeddedRedis redis) {
			this.redis = redis;
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
			this.redis.stop();
		}

		@Override
		public boolean isRunning() {
			return this.redis.isRunning();
		}

		@Override
		public int getPhase() {
			return Integer.MIN_VALUE;
		}

	}

}
