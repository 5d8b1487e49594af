package dev.agentserve.turn;

import java.time.Duration;

/**
 * A spending budget is used up: the session's (it starts no more turns) or the user's of
 * the day (until the next UTC day, {@link #retryAfter()}).
 */
public class SpendingExhaustedException extends RuntimeException {

	private final Duration retryAfter;

	SpendingExhaustedException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** When trying again can succeed; zero when it cannot (a session's budget). */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
