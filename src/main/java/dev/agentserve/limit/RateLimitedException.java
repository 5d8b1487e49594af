package dev.agentserve.limit;

import java.time.Duration;

/** The caller used up their requests for now. */
public class RateLimitedException extends RuntimeException {

	private final Duration retryAfter;

	RateLimitedException(Duration retryAfter) {
		super("Too many requests: the limit is agentserve.limits.requests-per-minute per user; retry in "
				+ Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
