package dev.agentserve.turn;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The spend of a day is the UTC day's, and a refused user may retry at UTC midnight. */
class DailySpendTests {

	@Test
	void theDayIsTheUtcDate() {
		assertThat(DailySpend.day(Instant.parse("2026-11-21T23:59:59.999Z"))).isEqualTo("2026-11-21");
		assertThat(DailySpend.day(Instant.parse("2026-11-22T00:00:00Z"))).isEqualTo("2026-11-22");
	}

	@Test
	void retryAfterRunsToTheNextUtcMidnight() {
		assertThat(DailySpend.untilNextDay(Instant.parse("2026-11-21T23:59:59Z"))).isEqualTo(Duration.ofSeconds(1));
		assertThat(DailySpend.untilNextDay(Instant.parse("2026-11-21T00:00:00Z"))).isEqualTo(Duration.ofDays(1));
	}

}
