package dev.agentserve.turn;

import dev.agentserve.session.SessionNotFoundException;

/**
 * Tells callers that cannot see the session package whether a failure means "not found".
 */
public final class NotFound {

	private NotFound() {
	}

	/** Whether the session or the turn does not exist for the caller. */
	public static boolean is(Throwable ex) {
		return ex instanceof SessionNotFoundException || ex instanceof TurnNotFoundException;
	}

}
