package dev.agentserve.limit;

import java.util.concurrent.TimeUnit;

/**
 * How many starts may be in progress at once, adapted to what the replica shows (AIMD, in
 * the spirit of TCP Vegas and Netflix's concurrency-limits): each start that took no
 * longer than {@code tolerance} times the best recent start latency, while the limit was
 * in use, raises the limit by {@code 1/limit} (so by about one per round of starts); a
 * slow start, a failed one, or a saturated replica (event loops late, Redis backlog)
 * lowers it by a tenth, at most once per {@link #DECREASE_SPACING_NANOS} so that one
 * burst of slow answers counts once. The best latency is the minimum of the current and
 * the previous {@link #WINDOW_NANOS}, so the baseline follows a changed deployment (a
 * slower Redis) within two windows.
 */
final class AdaptiveLimit {

	static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

	static final long DECREASE_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	static final double BACKOFF = 0.9;

	/**
	 * How long after its last decrease a limit that refuses work on a healthy replica
	 * starts to grow again without samples: when long-running turns fill it, no start
	 * completes to raise it.
	 */
	static final long RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final int min;

	private final int max;

	private final double tolerance;

	private final long slowNanos;

	private double limit;

	private long windowStart;

	private long windowBest = Long.MAX_VALUE;

	private long previousBest = Long.MAX_VALUE;

	private long lastDecrease;

	private boolean decreased;

	private long lastProbe;

	private boolean probed;

	/**
	 * @param slowNanos below this a start is never called slow: at idle a start takes a
	 * few milliseconds and a busy but healthy replica answers within tens of them; a
	 * twofold jitter there is noise, not harmful queueing
	 */
	AdaptiveLimit(int initial, int min, int max, double tolerance, long slowNanos, long now) {
		this.slowNanos = slowNanos;
		this.min = min;
		this.max = max;
		this.tolerance = tolerance;
		this.limit = initial;
		this.windowStart = now;
	}

	/** The current limit. */
	synchronized int limit() {
		return (int) this.limit;
	}

	/**
	 * One start answered after {@code latencyNanos}, with {@code inFlight} starts in
	 * progress; {@code saturated} when the replica showed saturation meanwhile.
	 */
	synchronized void onSample(long now, long latencyNanos, int inFlight, boolean saturated) {
		roll(now);
		long baseline = Math.min(this.windowBest, this.previousBest);
		this.windowBest = Math.min(this.windowBest, latencyNanos);
		boolean slow = baseline != Long.MAX_VALUE
				&& latencyNanos > Math.max(this.slowNanos, (long) (baseline * this.tolerance));
		if (slow || saturated) {
			decrease(now);
		}
		else if (inFlight * 2 >= this.limit) {
			this.limit = Math.min(this.max, this.limit + 1);
		}
	}

	/**
	 * Work was refused for want of room under the limit; on a replica showing no
	 * saturation for {@link #RECOVERY_NANOS} since the last decrease, the limit grows by
	 * one, at most once per {@link #DECREASE_SPACING_NANOS}.
	 */
	synchronized void onRefused(long now, boolean saturated) {
		if (saturated || (this.decreased && now - this.lastDecrease < RECOVERY_NANOS)
				|| (this.probed && now - this.lastProbe < DECREASE_SPACING_NANOS)) {
			return;
		}
		this.limit = Math.min(this.max, this.limit + 1);
		this.lastProbe = now;
		this.probed = true;
	}

	/** A start failed for want of capacity (a store timeout, a saturated replica). */
	synchronized void onDropped(long now) {
		decrease(now);
	}

	private void decrease(long now) {
		if (this.decreased && now - this.lastDecrease < DECREASE_SPACING_NANOS) {
			return;
		}
		this.limit = Math.max(this.min, this.limit * BACKOFF);
		this.lastDecrease = now;
		this.decreased = true;
	}

	private void roll(long now) {
		if (now - this.windowStart >= WINDOW_NANOS) {
			this.previousBest = this.windowBest;
			this.windowBest = Long.MAX_VALUE;
			this.windowStart = now;
		}
	}

}
