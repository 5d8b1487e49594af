package dev.agentserve.api;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.session.SessionIds;
import dev.agentserve.turn.EventRecord;
import org.springframework.web.server.ServerWebInputException;

/**
 * The SSE id of an event on {@code GET /sessions/{id}/chat}: {@code <turnId>:<seq>}. A
 * reconnecting {@code EventSource} sends it back as {@code Last-Event-ID} to the same
 * URL; a bare seq could not say which turn it belongs to once another turn has started in
 * the session.
 */
record BrowserEventId(String turnId, long seq) {

	private static final Pattern FORM = Pattern.compile("([0-9a-f-]{36}):(0|[1-9][0-9]{0,17})");

	private static final int MAX_QUOTED = 80;

	BrowserEventId {
		if (!SessionIds.isWellFormed(turnId) || seq < 0) {
			throw new IllegalArgumentException("not a browser event id: " + turnId + ":" + seq);
		}
	}

	/** The ids of one turn's frames. */
	static Function<EventRecord, String> of(String turnId) {
		return (record) -> turnId + ":" + record.seq();
	}

	/**
	 * Parses a {@code Last-Event-ID}; a 400 problem when it is not one this route sent.
	 */
	static BrowserEventId parse(String lastEventId) {
		Matcher matcher = FORM.matcher(lastEventId);
		if (!matcher.matches() || !SessionIds.isWellFormed(matcher.group(1))) {
			String shown = (lastEventId.length() > MAX_QUOTED) ? lastEventId.substring(0, MAX_QUOTED) + "…"
					: lastEventId;
			throw new ServerWebInputException(
					"Last-Event-ID must be <turnId>:<seq> as this stream sent it, got '" + shown + "'");
		}
		return new BrowserEventId(matcher.group(1), Long.parseLong(matcher.group(2)));
	}

}
