package dev.agentserve.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog counts how long it stays above its threshold, and starts again after a
 * break.
 */
class RedisBacklogTests {

	private static final long LATER = Duration.ofMillis(300).toNanos();

	@Test
	void aBacklogAboveTheThresholdAgesUntilItDrainsToIt() {
		RedisBacklog backlog = backlog(2);
		send(backlog, 2);
		assertThat(backlog.aboveForNanos(System.nanoTime() + LATER)).isZero();

		send(backlog, 1);
		long above = System.nanoTime();
		assertThat(backlog.aboveForNanos(above + LATER)).isGreaterThanOrEqualTo(LATER);

		backlog.commandSucceeded(null);
		assertThat(backlog.pending()).isEqualTo(2);
		assertThat(backlog.aboveForNanos(System.nanoTime() + LATER)).isZero();
	}

	@Test
	void aNewBurstIsTimedFromItsOwnStart() {
		RedisBacklog backlog = backlog(1);
		send(backlog, 3);
		backlog.commandFailed(null);
		backlog.commandFailed(null);
		long start = System.nanoTime();
		send(backlog, 1);
		long age = backlog.aboveForNanos(start + LATER);
		assertThat(age).isBetween(LATER - Duration.ofMillis(50).toNanos(), LATER);
	}

	private static void send(RedisBacklog backlog, int commands) {
		for (int i = 0; i < commands; i++) {
			backlog.commandStarted(null);
		}
	}

	private static RedisBacklog backlog(int maxPending) {
		AdmissionProperties admission = new AdmissionProperties(true, 256, 128, 10000, 2.0, Duration.ofMillis(250),
				Duration.ofMillis(200), Duration.ofMillis(50), maxPending, Duration.ofMillis(250),
				Duration.ofSeconds(1));
		return new RedisBacklog(new LimitProperties(600, 120, admission));
	}

}
