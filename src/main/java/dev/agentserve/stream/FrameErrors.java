package dev.agentserve.stream;

import dev.agentserve.approval.ApprovalException;
import dev.agentserve.turn.InvalidMessageException;
import dev.agentserve.turn.NoRunningTurnException;
import dev.agentserve.turn.NotFound;
import dev.agentserve.turn.ShuttingDownException;
import dev.agentserve.turn.TooManyTurnsException;
import dev.agentserve.turn.TurnBusyException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code code} of a WebSocket error frame for each failure (the HTTP API's statuses).
 */
final class FrameErrors {

	private FrameErrors() {
	}

	static String code(Throwable ex) {
		return switch (ex) {
			case TurnBusyException e -> "busy";
			case NoRunningTurnException e -> "no_running_turn";
			case InvalidMessageException e when e.tooLong() -> "too_large";
			case InvalidMessageException e -> "bad_frame";
			case TooManyTurnsException e -> "too_many_turns";
			case ShuttingDownException e -> "unavailable";
			case ApprovalException e -> switch (e.reason()) {
				case INVALID -> "bad_frame";
				case UNKNOWN -> "not_found";
				case DECIDED -> "already_decided";
			};
			default -> NotFound.is(ex) ? "not_found" : "internal";
		};
	}

	/**
	 * The sentence a client may read for a failure (never an internal exception's text).
	 */
	static String message(Throwable ex) {
		String code = code(ex);
		if (code.equals("internal") || ex.getMessage() == null) {
			return "The request could not be served; it has been logged";
		}
		return ex.getMessage();
	}

	static @Nullable String turnId(Throwable ex) {
		return (ex instanceof TurnBusyException busy) ? busy.runningTurnId() : null;
	}

}
