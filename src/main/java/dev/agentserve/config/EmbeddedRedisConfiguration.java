package dev.agentserve.config;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
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
	DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedis redis) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(redis.host(), redis.port());
			}

		};
	}

}
