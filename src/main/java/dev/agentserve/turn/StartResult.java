package dev.agentserve.turn;

import java.util.List;

/** What {@code turn-start.lua} answered. */
sealed interface StartResult {

	/**
	 * The lease is ours: {@code token} fences every later write; {@code history} is the
	 * session's last messages (JSON, oldest first, the new user message last).
	 */
	record Started(String token, List<String> history) implements StartResult {

		public Started {
			history = List.copyOf(history);
		}

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
