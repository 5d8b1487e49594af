package dev.agentserve.turn;

/** The session already runs a turn. */
public class TurnBusyException extends RuntimeException {

	private final String runningTurnId;

	public TurnBusyException(String runningTurnId) {
		super("The session is already running turn " + runningTurnId + "; wait for it to end or cancel it");
		this.runningTurnId = runningTurnId;
	}

	public String runningTurnId() {
		return this.runningTurnId;
	}

}
