package dev.agentserve.stream;

import dev.agentserve.error.ErrorCatalogue;
import dev.agentserve.error.ErrorEntry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code code}, sentence and {@code turnId} of a WebSocket error frame for each
 * failure: the {@link ErrorCatalogue}'s, so a frame says what the HTTP API's problem
 * says.
 */
final class FrameErrors {

	private static final Logger log = LoggerFactory.getLogger(FrameErrors.class);

	private FrameErrors() {
	}

	static String code(Throwable ex) {
		return ErrorCatalogue.of(ex).code();
	}

	/**
	 * The sentence a client may read for a failure (never an internal exception's text).
	 * An internal failure is logged here, once, since its frame says it has been.
	 */
	static String message(Throwable ex) {
		ErrorEntry entry = ErrorCatalogue.of(ex);
		if (entry.status() == 500) {
			log.error("A WebSocket request failed", ex);
		}
		return entry.detail();
	}

	static @Nullable String turnId(Throwable ex) {
		return (ErrorCatalogue.of(ex).properties().get("turnId") instanceof String turnId) ? turnId : null;
	}

}
