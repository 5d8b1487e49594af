package dev.agentserve.turn;

/**
 * A chat message that cannot start a turn; {@code tooLong} tells a size problem from
 * others.
 */
public class InvalidMessageException extends RuntimeException {

	private final boolean tooLong;

	public InvalidMessageException(String message, boolean tooLong) {
		super(message);
		this.tooLong = tooLong;
	}

	public boolean tooLong() {
		return this.tooLong;
	}

}
