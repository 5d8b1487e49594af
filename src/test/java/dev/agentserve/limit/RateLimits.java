package dev.agentserve.limit;

import java.time.Duration;

/** Makes the exception a spent quota raises, for tests outside this package. */
public final class RateLimits {

	private RateLimits() {
	}

	public static RateLimitedException exception(Duration retryAfter) {
		return new RateLimitedException(retryAfter);
	}

}
