package dev.agentserve.limit;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	@Test
	void fastStartsThatUseTheLimitRaiseIt() {
		AdaptiveLimit limit = new AdaptiveLimit(10, 2, 100, 2.0, 50 * MS, 0);
		long now = 0;
		for (int i = 0; i < 200; i++) {
			now += MS;
			limit.onSample(now, 2 * MS, limit.limit(), false);
		}
		assertThat(limit.limit()).isGreaterThan(20);
	}

	@Test
	void startsThatLeaveTheLimitUnusedDoNotRaiseIt() {
		AdaptiveLimit limit = new AdaptiveLimit(10, 2, 100, 2.0, 50 * MS, 0);
		long now = 0;
		for (int i = 0; i < 200; i++) {
			now += MS;
			limit.onSample(now, 2 * MS, 1, false);
		}
		assertThat(limit.limit()).isEqualTo(10);
	}

	@Test
	void slowStartsLowerItByATenthAtMostOncePerSpacing() {
		AdaptiveLimit limit = new AdaptiveLimit(100, 2, 100, 2.0, 50 * MS, 0);
		limit.onSample(MS, 5 * MS, 50, false);
		limit.onSample(2 * MS, 200 * MS, 50, false);
		assertThat(limit.limit()).isEqualTo(90);
		limit.onSample(3 * MS, 200 * MS, 50, false);
		assertThat(limit.limit()).as("a burst of slow answers counts once").isEqualTo(90);
		limit.onSample(3 * MS + AdaptiveLimit.DECREASE_SPACING_NANOS, 200 * MS, 50, false);
		assertThat(limit.limit()).isEqualTo(81);
	}

	@Test
	void jitterBelowTheFloorIsNotSlowness() {
		AdaptiveLimit limit = new AdaptiveLimit(10, 2, 100, 2.0, 50 * MS, 0);
		limit.onSample(MS, MS, 1, false);
		limit.onSample(2 * MS, 15 * MS, 1, false);
		assertThat(limit.limit()).isEqualTo(10);
	}

	@Test
	void saturationAndDropsLowerItDownToTheMinimum() {
		AdaptiveLimit limit = new AdaptiveLimit(10, 4, 100, 2.0, 50 * MS, 0);
		long now = 0;
		for (int i = 0; i < 50; i++) {
			now += AdaptiveLimit.DECREASE_SPACING_NANOS;
			if (i % 2 == 0) {
				limit.onSample(now, MS, 10, true);
			}
			else {
				limit.onDropped(now);
			}
		}
		assertThat(limit.limit()).isEqualTo(4);
	}

	@Test
	void theBaselineForgetsAnOldBestAfterTwoWindows() {
		AdaptiveLimit limit = new AdaptiveLimit(50, 2, 100, 2.0, 50 * MS, 0);
		limit.onSample(MS, 2 * MS, 50, false);
		// Redis moved farther away: every start now takes 60 ms.
		long now = AdaptiveLimit.WINDOW_NANOS + MS;
		limit.onSample(now, 60 * MS, 50, false);
		now = 2 * AdaptiveLimit.WINDOW_NANOS + 2 * MS;
		limit.onSample(now, 60 * MS, 50, false);
		int afterAdapting = limit.limit();
		for (int i = 0; i < 20; i++) {
			now += AdaptiveLimit.DECREASE_SPACING_NANOS;
			limit.onSample(now, 60 * MS, 50, false);
		}
		assertThat(limit.limit()).isGreaterThanOrEqualTo(afterAdapting);
	}

	@Test
	void refusalsOnAHealthyReplicaRaiseALimitThatNoSampleRaises() {
		AdaptiveLimit limit = new AdaptiveLimit(10, 2, 100, 2.0, 50 * MS, 0);
		limit.onDropped(0);
		assertThat(limit.limit()).isEqualTo(9);
		limit.onRefused(AdaptiveLimit.RECOVERY_NANOS / 2, false);
		assertThat(limit.limit()).as("too soon after the decrease").isEqualTo(9);
		limit.onRefused(AdaptiveLimit.RECOVERY_NANOS, true);
		assertThat(limit.limit()).as("saturated").isEqualTo(9);
		limit.onRefused(AdaptiveLimit.RECOVERY_NANOS, false);
		limit.onRefused(AdaptiveLimit.RECOVERY_NANOS + 1, false);
		assertThat(limit.limit()).as("once per spacing").isEqualTo(10);
	}

	@Test
	void itStaysWithinItsBounds() {
		AdaptiveLimit limit = new AdaptiveLimit(99, 2, 100, 2.0, 50 * MS, 0);
		for (int i = 0; i < 1000; i++) {
			limit.onSample(i * MS, MS, 100, false);
		}
		assertThat(limit.limit()).isEqualTo(100);
	}

}
