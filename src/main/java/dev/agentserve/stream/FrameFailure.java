package dev.agentserve.stream;

import dev.agentserve.error.ErrorCatalogue;
import dev.agentserve.error.ErrorEntry;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a client is told about a failure in an error frame, and how loud the log is: the
 * client's fault ({@code INFO}), the service cannot serve for now ({@code WARN}), or a
 * bug ({@code ERROR} with the stack).
 *
 * @param code the stable {@code code} of the error frame
 * @param message a sentence safe to show (never an internal exception's text)
 * @param severity how the frame is logged
 * @param retryAfter when the client may try again, if known
 */
record FrameFailure(String code, String message, Severity severity, @Nullable Duration retryAfter) {

	enum Severity {

		CLIENT, UNAVAILABLE, INTERNAL

	}

	static FrameFailure client(String code, String message) {
		return new FrameFailure(code, message, Severity.CLIENT, null);
	}

	/** The running turn named by a failure (a busy session), else null. */
	static @Nullable String turnId(Throwable ex) {
		return (ErrorCatalogue.of(ex).properties().get("turnId") instanceof String turnId) ? turnId : null;
	}

	/** The catalogue's code, sentence and retry hint; the severity from its status. */
	static FrameFailure of(Throwable ex) {
		ErrorEntry entry = ErrorCatalogue.of(ex);
		Severity severity = (entry.status() == 503) ? Severity.UNAVAILABLE
				: (entry.status() >= 500) ? Severity.INTERNAL : Severity.CLIENT;
		return new FrameFailure(entry.code(), entry.detail(), severity, entry.retryAfter());
	}

}
