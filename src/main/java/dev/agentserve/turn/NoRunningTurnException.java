package dev.agentserve.turn;

/** A cancel for a session that runs no turn. */
public class NoRunningTurnException extends RuntimeException {

	public NoRunningTurnException(String sessionId) {
		super("Session " + sessionId + " runs no turn");
	}

}
