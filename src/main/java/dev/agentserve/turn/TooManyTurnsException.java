package dev.agentserve.turn;

/** This replica already runs as many turns as it is configured for. */
public class TooManyTurnsException extends RuntimeException {

	public TooManyTurnsException(int max) {
		this("This replica is running its maximum of " + max + " turns; try again shortly");
	}

	public TooManyTurnsException(String message) {
		super(message);
	}

}
