package dev.agentserve.session;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Session policy.
 *
 * @param defaultTtl TTL of a session created without {@code ttlSeconds}
 * @param minTtl the shortest TTL a caller may ask for
 * @param maxTtl the longest TTL a caller may ask for
 * @param maxActive sessions alive across the service; creating more is refused with 429
 * @param maxListed the most sessions {@code GET /sessions} returns (most recent first)
 * @param maxDuration how long a session may live from its creation, however active (its
 * deadline)
 */
@ConfigurationProperties("agentserve.sessions")
@Validated
public record SessionProperties(@DefaultValue("1h") Duration defaultTtl, @DefaultValue("1s") Duration minTtl,
		@DefaultValue("7d") Duration maxTtl, @DefaultValue("100000") @Positive int maxActive,
		@DefaultValue("1000") @Positive int maxListed, @DefaultValue("30d") Duration maxDuration) {

	public SessionProperties {
		if (minTtl.isNegative() || minTtl.isZero() || minTtl.compareTo(maxTtl) > 0) {
			throw new IllegalArgumentException("agentserve.sessions.min-ttl must be positive and at most max-ttl");
		}
		if (maxDuration.compareTo(minTtl) < 0) {
			throw new IllegalArgumentException("agentserve.sessions.max-duration must be at least min-ttl");
		}
		if (defaultTtl.compareTo(minTtl) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
			throw new IllegalArgumentException("agentserve.sessions.default-ttl must lie within [min-ttl, max-ttl]");
		}
	}

}
