package dev.agentserve.persistence;

import java.time.Clock;
import java.time.Duration;

import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deadlines on Redis's own clock. A command that times out on the client may still run on
 * Redis later (a stalled server catches up); a write that must not take effect once its
 * caller has answered with an error carries the last moment it may run, and its script
 * compares that with {@code TIME}. The offset between this replica's clock and Redis's is
 * sampled now and then, so clock skew between hosts does not matter.
 */
@Component
public class RedisClock {

	private static final Duration RESAMPLE = Duration.ofMinutes(1);

	private final ReactiveStringRedisTemplate redis;

	private final Clock clock;

	private final long budgetMillis;

	private volatile long offsetMillis;

	private volatile long sampledAt = Long.MIN_VALUE;

	RedisClock(ReactiveStringRedisTemplate redis, Clock clock, Environment environment) {
		this.redis = redis;
		this.clock = clock;
		Duration timeout = environment.getProperty("spring.data.redis.timeout", Duration.class, Duration.ofSeconds(60));
		// The script must run clearly before the client gives up on it.
		this.budgetMillis = Math.max(1, timeout.toMillis() - Math.min(250, timeout.toMillis() / 4));
	}

	/**
	 * The last moment, on Redis's clock, at which a command sent now may still take
	 * effect: before the client's command timeout.
	 */
	public Mono<Long> deadline() {
		long now = this.clock.millis();
		if (now - this.sampledAt < RESAMPLE.toMillis()) {
			return Mono.just(now + this.offsetMillis + this.budgetMillis);
		}
		return sample().map((offset) -> this.clock.millis() + offset + this.budgetMillis);
	}

	private Mono<Long> sample() {
		return Mono.defer(() -> {
			long before = this.clock.millis();
			return this.redis.execute((connection) -> connection.serverCommands().time()).next().map((serverMillis) -> {
				long after = this.clock.millis();
				this.offsetMillis = serverMillis - (before + after) / 2;
				this.sampledAt = after;
				return this.offsetMillis;
			});
		});
	}

}
