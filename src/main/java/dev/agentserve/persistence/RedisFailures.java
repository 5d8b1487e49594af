package dev.agentserve.persistence;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;

/**
 * Tells a Redis failure that means "the store is unavailable for now" (a timeout, a lost
 * connection, a replica that cannot take writes, a server still loading its data) from a
 * bug. Spring Data translates Lettuce's exceptions on the template path, but Lettuce's
 * own types reach us from direct Lettuce connections (the control connection), so both
 * are recognised, anywhere in the cause chain.
 */
public final class RedisFailures {

	/**
	 * Error replies that say the server cannot serve now but will: a read-only replica, a
	 * dataset being loaded, a master or cluster down, a slot being migrated, a script
	 * that blocks the server. Either the reply itself, or inside a script's error
	 * ({@code ERR Error running script (...): @user_script:7: -READONLY You can't write
	 * ...}).
	 */
	private static final Pattern TRANSIENT_REPLY = Pattern
		.compile("(?:^|: -)(?:READONLY|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY)(?: |$)");

	/** Lettuce's messages for a command on a connection that is gone. */
	private static final List<String> CLOSED = List.of("connection closed", "connection is closed",
			"currently not connected", "connection reset");

	private static final int MAX_DEPTH = 16;

	private RedisFailures() {
	}

	public static boolean isUnavailable(Throwable ex) {
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (isOutage(cause)) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	private static boolean isOutage(Throwable ex) {
		return switch (ex) {
			case DataAccessResourceFailureException e -> true;
			case QueryTimeoutException e -> true;
			case RedisCommandTimeoutException e -> true;
			case RedisConnectionException e -> true;
			case RedisSystemException e -> isTransientReply(e.getMessage());
			case RedisCommandExecutionException e -> isTransientReply(e.getMessage());
			case RedisException e -> isTransientReply(e.getMessage()) || isClosed(e.getMessage());
			default -> false;
		};
	}

	private static boolean isTransientReply(String message) {
		return message != null && TRANSIENT_REPLY.matcher(message).find();
	}

	private static boolean isClosed(String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return CLOSED.stream().anyMatch(lower::startsWith);
	}

}
