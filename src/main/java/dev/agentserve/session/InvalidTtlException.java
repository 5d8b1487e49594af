package dev.agentserve.session;

import java.time.Duration;

/** A requested TTL outside the configured bounds. */
public class InvalidTtlException extends RuntimeException {

	public InvalidTtlException(long requestedSeconds, Duration min, Duration max) {
		super("ttlSeconds must be between " + min.toSeconds() + " and " + max.toSeconds() + ", got "
				+ requestedSeconds);
	}

}
