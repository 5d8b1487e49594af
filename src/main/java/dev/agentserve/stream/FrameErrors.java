package dev.agentserve.stream;

import dev.agentserve.error.ErrorCatalogue;
import org.jspecify.annotations.Nullable;

/**
 * The {@code code}, sentence and {@code turnId} of a WebSocket error frame for each
 * failure: the {@link ErrorCatalogue}'s, so a frame says what the HTTP API's problem
 * says.
 */
final class FrameErrors {

	private FrameErrors() {
	}

	static String code(Throwable ex) {
		return ErrorCatalogue.of(ex).code();
	}

	/**
	 * The sentence a client may read for a failure (never an internal exception's text).
	 */
	static String message(Throwable ex) {
		return ErrorCatalogue.of(ex).detail();
	}

	static @Nullable String turnId(Throwable ex) {
		return (ErrorCatalogue.of(ex).properties().get("turnId") instanceof String turnId) ? turnId : null;
	}

}
