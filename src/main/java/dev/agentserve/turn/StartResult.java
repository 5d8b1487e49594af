package dev.agentserve.turn;

/** What {@code turn-start.lua} answered. */
sealed interface StartResult {

	/** The lease is ours: {@code token} fences every later write. */
	record Started(String token) implements StartResult {
	}

	/** Another turn holds the lease. */
	record Busy(String runningTurnId) implements StartResult {
	}

	/** The idempotency key already started this turn. */
	record Existing(String turnId) implements StartResult {
	}

	/** The session is gone or not the user's. */
	record Missing() implements StartResult {
	}

	/**
	 * Redis ran the start only after the caller's deadline (it stalled): nothing was
	 * written, and the caller has answered, or will answer, 503.
	 */
	record Late() implements StartResult {
	}

}
