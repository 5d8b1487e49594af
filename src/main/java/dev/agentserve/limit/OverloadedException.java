package dev.agentserve.limit;

import java.time.Duration;

/** New work refused because the replica is at capacity; the client should retry later. */
public class OverloadedException extends RuntimeException {

	private final String reason;

	private final Duration retryAfter;

	OverloadedException(String reason, String detail, Duration retryAfter) {
		super(detail, null, false, false);
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/**
	 * What is saturated: {@code concurrency}, {@code event_loop_lag},
	 * {@code redis_backlog} or {@code running_turns}.
	 */
	public String reason() {
		return this.reason;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
