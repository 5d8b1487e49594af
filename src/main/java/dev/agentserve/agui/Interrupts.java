package dev.agentserve.agui;

import dev.agentserve.turn.InvalidMessageException;
import org.jspecify.annotations.Nullable;

/**
 * Interrupt ids: {@code approval:<turnId>:<seq>:<callId>}, which is all a resume needs to
 * decide the call and follow the turn after the event that paused it, on any replica.
 */
final class Interrupts {

	static final String REASON = "tool_approval";

	private static final String PREFIX = "approval:";

	private Interrupts() {
	}

	/** A paused call of a turn, after the event with {@code seq}. */
	record Id(String turnId, long seq, String callId) {

		String text() {
			return PREFIX + this.turnId + ":" + this.seq + ":" + this.callId;
		}

	}

	static Id parse(@Nullable String text) {
		String[] parts = (text != null && text.startsWith(PREFIX)) ? text.substring(PREFIX.length()).split(":", 3)
				: new String[0];
		if (parts.length == 3 && !parts[0].isEmpty() && !parts[2].isEmpty()) {
			try {
				return new Id(parts[0], Long.parseLong(parts[1]), parts[2]);
			}
			catch (NumberFormatException ex) {
				// falls through to the refusal
			}
		}
		throw new InvalidMessageException(
				"resume[].interruptId must be an id this service sent in RUN_FINISHED.outcome.interrupts, got "
						+ ((text == null) ? "none" : "'" + text + "'"),
				false);
	}

}
