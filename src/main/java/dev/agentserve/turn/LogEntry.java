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

	/**
	 * Parses a stored entry, {@code <type>:<epoch ms>:<body>}, of the event with
	 * {@code seq} (its position in the log).
	 */
	static LogEntry parse(long seq, String entry) {
		return parse(seq, entry, 0, entry.length());
	}

	/**
	 * Parses a notice: one or more events, one per line (bodies hold no raw newline),
	 * each {@code <seq>:} and then an entry as the log stores it.
	 */
	static List<LogEntry> fromNotice(String notice) {
		List<LogEntry> entries = new ArrayList<>(1);
		int start = 0;
		while (start < notice.length()) {
			int end = notice.indexOf('\n', start);
			if (end < 0) {
				end = notice.length();
			}
			int colon = notice.indexOf(':', start);
			entries.add(parse(Long.parseLong(notice, start, colon, 10), notice, colon + 1, end));
			start = end + 1;
		}
		return entries;
	}

	private static LogEntry parse(long seq, String text, int start, int end) {
		int first = text.indexOf(':', start);
		int second = text.indexOf(':', first + 1);
		return new LogEntry(seq, text.substring(start, first), Long.parseLong(text, first + 1, second, 10),
				text.substring(second + 1, end));
	}

}
