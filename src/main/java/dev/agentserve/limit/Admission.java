package dev.agentserve.limit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentserve.turn.ReplicaSlots;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides, before a request's body is read or Redis is asked, whether this replica takes
 * one more piece of new work (a session or a turn start). It refuses with
 * {@link OverloadedException} (429, {@code Retry-After}) when a turn start finds every
 * replica slot taken, when the event loops run late, when the Redis data connection has a
 * backlog that lasts, or as many starts are in flight as the {@link AdaptiveLimit}
 * allows. Running turns are not in that count: they are capped by
 * {@code agentserve.turns.max-concurrent} (long-running turns, thousands of live streams,
 * must not hold the limit of new starts down). Each admitted start holds a {@link Permit}
 * until it is answered; its latency feeds the limit. Refusing is a few atomic reads: it
 * must stay cheap when most requests are refused.
 */
@Component
public class Admission {

	/** What a request asks for. */
	public enum Work {

		/** {@code POST /sessions}. */
		SESSION,
		/** A chat turn start (HTTP or a WebSocket frame). */
		TURN

	}

	static final List<String> REASONS = List.of("concurrency", "event_loop_lag", "redis_backlog", "running_turns");

	private final AdmissionProperties properties;

	private final EventLoopLag lag;

	private final RedisBacklog redis;

	private final ReplicaSlots slots;

	private final AdaptiveLimit limit;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Map<String, Counter> rejected = new LinkedHashMap<>();

	private final Permit unlimited = new Permit(0, false);

	Admission(LimitProperties limits, EventLoopLag lag, RedisBacklog redis, ReplicaSlots slots,
			MeterRegistry registry) {
		this.properties = limits.admission();
		this.lag = lag;
		this.redis = redis;
		this.slots = slots;
		this.limit = new AdaptiveLimit(this.properties.initialLimit(), this.properties.minLimit(),
				this.properties.maxLimit(), this.properties.latencyTolerance(), this.properties.slowStart().toNanos(),
				System.nanoTime());
		for (String reason : REASONS) {
			this.rejected.put(reason,
					Counter.builder("agentserve.admission.rejected")
						.description("New work refused for load, by what was saturated")
						.tag("reason", reason)
						.register(registry));
		}
		Gauge.builder("agentserve.admission.limit", this.limit, AdaptiveLimit::limit)
			.description("Turns running or starting this replica allows at once (adaptive)")
			.register(registry);
		Gauge.builder("agentserve.admission.in.flight", this.inFlight, AtomicInteger::get)
			.description("Starts in progress (admitted, not yet answered)")
			.register(registry);
		Gauge.builder("agentserve.admission.event.loop.lag", lag, (probe) -> probe.currentNanos() / 1e9)
			.description("How late the server's event loops run")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("agentserve.admission.redis.pending", redis, RedisBacklog::pending)
			.description("Redis commands sent on the data connection and not yet answered")
			.register(registry);
	}

	/**
	 * A permit for {@code work}, or {@link OverloadedException}. The work in progress is
	 * the starts in flight plus the turns running here; the lag and backlog refusals
	 * apply only above {@code min-limit} of it, so a replica slowed by something else (a
	 * noisy neighbour) still makes progress instead of refusing everything.
	 */
	public Permit admit(Work work) {
		if (!this.properties.enabled()) {
			return this.unlimited;
		}
		int running = this.slots.inUse();
		if (work == Work.TURN && running >= this.slots.max()) {
			throw refuse("running_turns",
					"This replica runs " + this.slots.max() + " turns, its maximum (agentserve.turns.max-concurrent)");
		}
		if (this.inFlight.get() + running >= this.properties.minLimit()) {
			long lagNanos = this.lag.currentNanos();
			if (lagNanos > this.properties.maxEventLoopLag().toNanos()) {
				throw refuse("event_loop_lag", "The service is saturated (its event loops run " + lagNanos / 1_000_000
						+ " ms late); retry shortly");
			}
			int pending = this.redis.pending();
			if (pending > this.properties.maxRedisPending()
					&& this.redis.aboveForNanos(System.nanoTime()) >= this.properties.redisBacklogGrace().toNanos()) {
				throw refuse("redis_backlog",
						"The service is saturated (" + pending + " Redis commands waiting); retry shortly");
			}
		}
		int max = this.limit.limit();
		int current;
		do {
			current = this.inFlight.get();
			if (current >= max) {
				this.limit.onRefused(System.nanoTime(), saturated());
				throw refuse("concurrency",
						"The service is saturated (" + max + " sessions and turns starting at once); retry shortly");
			}
		}
		while (!this.inFlight.compareAndSet(current, current + 1));
		return new Permit(System.nanoTime(), true);
	}

	private OverloadedException refuse(String reason, String detail) {
		this.rejected.get(reason).increment();
		return new OverloadedException(reason, detail, this.properties.retryAfter());
	}

	private boolean saturated() {
		return this.lag.currentNanos() > this.properties.maxEventLoopLag().toNanos() / 2
				|| this.redis.pending() > this.properties.maxRedisPending() / 2;
	}

	/**
	 * Marks the start of the request's permit (put in the Reactor context by the
	 * admission filter) answered when {@code start} emits: a turn start is measured to
	 * its {@code turn_started}, not to the end of a non-streamed turn.
	 */
	public static <T> Mono<T> started(Mono<T> start) {
		return Mono.deferContextual((context) -> {
			Permit permit = context.getOrDefault(Permit.class, null);
			return (permit != null) ? start.doOnNext((value) -> permit.answered(false)) : start;
		});
	}

	/** What {@code /health/detailed} shows. */
	public Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("enabled", this.properties.enabled());
		state.put("limit", this.limit.limit());
		state.put("inFlight", this.inFlight.get());
		state.put("eventLoopLagMs", this.lag.currentNanos() / 1_000_000);
		state.put("redisPending", this.redis.pending());
		state.put("runningTurns", this.slots.inUse());
		state.put("maxRunningTurns", this.slots.max());
		Map<String, Long> refused = new LinkedHashMap<>();
		this.rejected.forEach((reason, counter) -> refused.put(reason, (long) counter.count()));
		state.put("rejected", refused);
		return state;
	}

	/**
	 * One admitted start; ends exactly once, when it is answered (its latency feeds the
	 * limit) or abandoned (a client gone before the answer: no sample).
	 */
	public final class Permit {

		private final long admittedAt;

		private final AtomicBoolean open;

		private Permit(long admittedAt, boolean counted) {
			this.admittedAt = admittedAt;
			this.open = new AtomicBoolean(counted);
		}

		/** The start was answered; {@code failed} when it failed for want of capacity. */
		public void answered(boolean failed) {
			if (!this.open.compareAndSet(true, false)) {
				return;
			}
			int current = Admission.this.inFlight.getAndDecrement();
			long now = System.nanoTime();
			if (failed) {
				Admission.this.limit.onDropped(now);
			}
			else {
				Admission.this.limit.onSample(now, now - this.admittedAt, current, saturated());
			}
		}

		/** The start ended without an answer worth measuring. */
		public void abandoned() {
			if (this.open.compareAndSet(true, false)) {
				Admission.this.inFlight.decrementAndGet();
			}
		}

	}

}
