package dev.agentserve.config;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no Redis server is configured at all: no {@code REDIS_URL} (mapped by
 * {@link RedisUrlEnvironmentPostProcessor}) and none of Spring's own connection
 * properties.
 */
class NoRedisConfiguredCondition extends SpringBootCondition {

	private static final List<String> CONNECTION_PROPERTIES = List.of("spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		for (String property : CONNECTION_PROPERTIES) {
			if (environment.containsProperty(property)) {
				return ConditionOutcome.noMatch("Redis is configured by " + property);
			}
		}
		return ConditionOutcome.match("no Redis connection is configured");
	}

}
