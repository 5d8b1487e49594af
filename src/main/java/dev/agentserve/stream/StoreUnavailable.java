package dev.agentserve.stream;

import java.util.List;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Whether a failure means Redis cannot serve right now (down, stalled, read-only replica,
 * loading, no master): the client may retry, and nothing is wrong with its request.
 */
final class StoreUnavailable {

	private static final List<String> NOT_SERVING = List.of("READONLY", "LOADING", "MASTERDOWN");

	private StoreUnavailable() {
	}

	static boolean is(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException) {
				return true;
			}
			if ((cause instanceof DataAccessException || cause instanceof RedisException) && notServing(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static boolean notServing(Throwable ex) {
		String message = ex.getMessage();
		return message != null && NOT_SERVING.stream().anyMatch((prefix) -> message.startsWith(prefix + " "));
	}

}
