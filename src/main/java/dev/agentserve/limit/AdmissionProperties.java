package dev.agentserve.limit;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admission control: how much new work ({@code POST /sessions}, chat starts over HTTP and
 * WebSocket) a replica takes before it refuses more with 429 and {@code Retry-After}.
 *
 * @param enabled whether new work is ever refused for load
 * @param initialLimit turns running or starting at once when the replica starts; the
 * limit then adapts between {@code min-limit} and {@code max-limit} (and
 * {@code agentserve.turns.max-concurrent} still caps running turns)
 * @param minLimit the adaptive limit never goes below this, and below this much work in
 * progress nothing is refused for lag or backlog. High by default: with a low floor a
 * cold JIT's slow first starts drove the limit down to a few turns and refused a third of
 * a 50-client load on an idle replica (docs/benchmarks.md)
 * @param maxLimit the adaptive limit never goes above this
 * @param latencyTolerance a start slower than this many times the recent best start
 * latency, and slower than {@code slow-start}, counts as a sign of queueing and lowers
 * the limit
 * @param slowStart a start answered within this is never called slow (a busy but healthy
 * replica answers starts within tens of milliseconds; the Redis command timeout is
 * seconds)
 * @param maxEventLoopLag event-loop lag (how late a probe scheduled on the server's event
 * loops runs) above which new work is refused; above half of it the limit is lowered
 * @param lagProbeInterval how often each event loop is probed
 * @param maxRedisPending Redis commands sent and not yet answered (data connection) above
 * which new work is refused once it stayed above for {@code redis-backlog-grace}; above
 * half of it the limit is lowered
 * @param redisBacklogGrace how long the Redis backlog must stay above
 * {@code max-redis-pending} before new work is refused: a burst (every live stream's next
 * token sent at once after a garbage-collection pause) drains within milliseconds and is
 * no saturation
 * @param retryAfter the {@code Retry-After} of a refusal
 */
public record AdmissionProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("256") @Positive int initialLimit, @DefaultValue("128") @Positive int minLimit,
		@DefaultValue("10000") @Positive int maxLimit, @DefaultValue("2.0") double latencyTolerance,
		@DefaultValue("250ms") Duration slowStart, @DefaultValue("200ms") Duration maxEventLoopLag,
		@DefaultValue("50ms") Duration lagProbeInterval, @DefaultValue("2000") @Positive int maxRedisPending,
		@DefaultValue("250ms") Duration redisBacklogGrace, @DefaultValue("1s") Duration retryAfter) {

	public AdmissionProperties {
		if (minLimit > maxLimit) {
			throw new IllegalArgumentException(
					"agentserve.limits.admission.min-limit (" + minLimit + ") is above max-limit (" + maxLimit + ")");
		}
		if (latencyTolerance < 1.0) {
			throw new IllegalArgumentException(
					"agentserve.limits.admission.latency-tolerance must be at least 1.0, got " + latencyTolerance);
		}
		if (!maxEventLoopLag.isPositive() || !lagProbeInterval.isPositive() || retryAfter.isNegative()
				|| slowStart.isNegative() || redisBacklogGrace.isNegative()) {
			throw new IllegalArgumentException(
					"agentserve.limits.admission max-event-loop-lag and lag-probe-interval must be positive, retry-after, slow-start and redis-backlog-grace not negative");
		}
		initialLimit = Math.clamp(initialLimit, minLimit, maxLimit);
	}

}
