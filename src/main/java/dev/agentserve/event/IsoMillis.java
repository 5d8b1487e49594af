package dev.agentserve.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Appends an instant of millisecond precision as {@link Instant#toString()} writes it
 * ({@code 2026-11-22T06:02:56.123Z}, no fraction when the millisecond is 0), without the
 * formatter's garbage: every event carries its time, and the events of one second share
 * the date and time of day, which are formatted once per second.
 */
final class IsoMillis {

	/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: plain four-digit years. */
	private static final long MIN_SECOND = -62135596800L;

	private static final long MAX_SECOND = 253402300799L;

	private static volatile Second last = new Second(Long.MIN_VALUE, "");

	private IsoMillis() {
	}

	static StringBuilder append(StringBuilder to, long epochMillis) {
		long second = Math.floorDiv(epochMillis, 1000);
		if (second < MIN_SECOND || second > MAX_SECOND) {
			return to.append(Instant.ofEpochMilli(epochMillis));
		}
		Second cached = last;
		if (cached.epochSecond != second) {
			cached = new Second(second, LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString());
			last = cached;
		}
		// LocalDateTime omits ":00" seconds; Instant never does.
		to.append(cached.text);
		if (cached.text.length() == 16) {
			to.append(":00");
		}
		int millis = (int) Math.floorMod(epochMillis, 1000);
		if (millis != 0) {
			to.append('.')
				.append((char) ('0' + millis / 100))
				.append((char) ('0' + millis / 10 % 10))
				.append((char) ('0' + millis % 10));
		}
		return to.append('Z');
	}

	private record Second(long epochSecond, String text) {
	}

}
