package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.event.EventCodec;

/**
 * One event as a turn's log keeps it: its seq, type, time and body (its own fields as
 * JSON, without the envelope that all events of the turn share). Live notices carry the
 * same fields, one event per line: {@code <seq>:<type>:<epoch ms>:<body>}.
 */
record LogEntry(long seq, String type, long millis, String body) {

	/** The event as clients receive it. */
	EventRecord toRecord(EventCodec codec, String sessionId, String turnId) {
		return new EventRecord(this.seq, this.type,
				codec.wire(sessionId, turnId, this.seq, this.millis, this.type, this.body));
	}

	/** Parses a notice: one or more events, one per line (bodies hold no raw newline). */
	static List<LogEntry> fromNotice(String notice) {
		List<LogEntry> entries = new ArrayList<>(1);
		int start = 0;
		while (start < notice.length()) {
			int end = notice.indexOf('\n', start);
			if (end < 0) {
				end = notice.length();
			}
			int first = notice.indexOf(':', start);
			int second = notice.indexOf(':', first + 1);
			int third = notice.indexOf(':', second + 1);
			entries.add(new LogEntry(Long.parseLong(notice, start, first, 10), notice.substring(first + 1, second),
					Long.parseLong(notice, second + 1, third, 10), notice.substring(third + 1, end)));
			start = end + 1;
		}
		return entries;
	}

}
