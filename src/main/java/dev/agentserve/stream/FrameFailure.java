package dev.agentserve.stream;

import java.time.Duration;

import dev.agentserve.limit.RateLimitedException;
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

	static final String UNAVAILABLE_MESSAGE = "The service cannot reach its store right now; try again shortly";

	enum Severity {

		CLIENT, UNAVAILABLE, INTERNAL

	}

	static FrameFailure client(String code, String message) {
		return new FrameFailure(code, message, Severity.CLIENT, null);
	}

	static FrameFailure of(Throwable ex) {
		if (ex instanceof RateLimitedException limited) {
			// FrameErrors does not know this exception; its text is written for clients.
			return new FrameFailure("rate_limited", String.valueOf(limited.getMessage()), Severity.CLIENT,
					limited.retryAfter());
		}
		if (StoreUnavailable.is(ex)) {
			return new FrameFailure("unavailable", UNAVAILABLE_MESSAGE, Severity.UNAVAILABLE, null);
		}
		String code = FrameErrors.code(ex);
		Severity severity = switch (code) {
			case "internal" -> Severity.INTERNAL;
			case "unavailable" -> Severity.UNAVAILABLE;
			default -> Severity.CLIENT;
		};
		return new FrameFailure(code, FrameErrors.message(ex), severity, null);
	}

}
