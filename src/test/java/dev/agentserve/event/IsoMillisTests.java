package dev.agentserve.event;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event times read exactly as {@link Instant#toString()} writes them, whatever the
 * instant: the wire format of {@code ts} did not change.
 */
class IsoMillisTests {

	@Test
	void writesWhatInstantWrites() {
		long[] edges = { 0, 1, 999, 1000, -1, -999, -1000, 60_000, 1_795_327_140_000L, 1_795_327_140_001L,
				1_795_327_199_999L, 1_795_327_200_000L, Instant.parse("0001-01-01T00:00:00Z").toEpochMilli(),
				Instant.parse("0999-06-01T12:00:00.5Z").toEpochMilli(),
				Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
				Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
				Instant.parse("-0001-12-31T23:59:59.999Z").toEpochMilli() };
		for (long millis : edges) {
			assertThat(format(millis)).as("%d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
		}
		SplittableRandom random = new SplittableRandom(42);
		long now = System.currentTimeMillis();
		for (int i = 0; i < 100_000; i++) {
			// Runs within a second (the cached date and time) and jumps between them.
			long millis = (i % 10 == 0) ? random.nextLong(-62_135_596_800_000L, 253_402_300_800_000L)
					: now + random.nextLong(-5_000, 5_000);
			assertThat(format(millis)).as("%d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
		}
	}

	@Test
	void appendsToWhatIsThere() {
		assertThat(IsoMillis.append(new StringBuilder("ts="), 1_795_327_140_123L))
			.hasToString("ts=2026-11-22T05:59:00.123Z");
	}

	private static String format(long millis) {
		return IsoMillis.append(new StringBuilder(), millis).toString();
	}

}
