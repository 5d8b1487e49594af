package dev.agentserve.turn;

/**
 * No turn with that id in that session (never existed, expired, or another user's
 * session).
 */
public class TurnNotFoundException extends RuntimeException {

	public TurnNotFoundException(String turnId) {
		super("No turn '" + turnId + "' in this session");
	}

}
