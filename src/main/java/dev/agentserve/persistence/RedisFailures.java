package dev.agentserve.persistence;

import java.util.Locale;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Which Redis failures mean "unavailable for now" (retry later, answer 503) rather than a
 * bug: timeouts, lost connections, and the server states of a failover or a restart.
 */
public final class RedisFailures {

	private static final String[] UNAVAILABLE_REPLIES = { "READONLY", "LOADING", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "BUSY " };

	private RedisFailures() {
	}

	public static boolean isUnavailable(Throwable failure) {
		for (Throwable ex = failure; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			if (ex instanceof DataAccessResourceFailureException || ex instanceof QueryTimeoutException
					|| ex instanceof RedisCommandTimeoutException || ex instanceof RedisConnectionException
					|| ex instanceof java.util.concurrent.TimeoutException || ex instanceof java.io.IOException) {
				return true;
			}
			String message = ex.getMessage();
			if (message != null) {
				String upper = message.toUpperCase(Locale.ROOT);
				for (String reply : UNAVAILABLE_REPLIES) {
					if (upper.startsWith(reply) || upper.contains("ERR " + reply) || upper.contains(": " + reply)) {
						return true;
					}
				}
				if (upper.contains("CONNECTION CLOSED") || upper.contains("CONNECTION RESET")) {
					return true;
				}
			}
		}
		return false;
	}

}
