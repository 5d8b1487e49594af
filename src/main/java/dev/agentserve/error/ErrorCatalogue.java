package dev.agentserve.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.agentserve.persistence.RedisFailures;
import dev.agentserve.agent.UnknownAgentException;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.limit.OverloadedException;
import dev.agentserve.memory.EmbeddingException;
import dev.agentserve.memory.InvalidMemoryException;
import dev.agentserve.memory.MemoryNotFoundException;
import dev.agentserve.limit.RateLimitedException;
import dev.agentserve.session.InvalidTtlException;
import dev.agentserve.session.SessionLimitExceededException;
import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.approval.ApprovalException;
import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.AttachmentTooLargeException;
import dev.agentserve.turn.InvalidMessageException;
import dev.agentserve.turn.UnsupportedAttachmentException;
import dev.agentserve.turn.NoRunningTurnException;
import dev.agentserve.turn.ShuttingDownException;
import dev.agentserve.turn.SpendingExhaustedException;
import dev.agentserve.turn.TooManyTurnsException;
import dev.agentserve.turn.TurnBusyException;
import dev.agentserve.turn.TurnNotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.Exceptions;

/**
 * The one place that decides what every failure becomes for a client: REST answers it as
 * {@code application/problem+json}, WebSocket as an {@code error} frame, both from the
 * same {@link ErrorEntry}. Feature exceptions carry no web types; this maps them,
 * Spring's own errors, requests the codec refused, and store outages. Anything else is a
 * bug: {@code internal}, with a fixed sentence that never leaks its text.
 */
public final class ErrorCatalogue {

	/** How long a client should wait when Redis is unavailable. */
	public static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

	static final Duration CAPACITY_RETRY_AFTER = Duration.ofSeconds(60);

	static final Duration TURN_RETRY_AFTER = Duration.ofSeconds(5);

	/** The sentence of every {@code internal} error. */
	public static final String INTERNAL_DETAIL = "The service failed to handle this request; it has been logged";

	static final String UNAVAILABLE_DETAIL = "The session store (Redis) is unavailable; retry shortly";

	private static final int MAX_QUOTED = 200;

	private ErrorCatalogue() {
	}

	/** The entry for {@code failure}; never fails. */
	public static ErrorEntry of(Throwable failure) {
		Throwable ex = unwrap(failure);
		if (RedisFailures.isUnavailable(ex)) {
			return unavailable();
		}
		return switch (ex) {
			case SessionNotFoundException e -> entry("not_found", HttpStatus.NOT_FOUND, "Session not found", e);
			case TurnNotFoundException e -> entry("not_found", HttpStatus.NOT_FOUND, "Turn not found", e);
			case MemoryNotFoundException e -> entry("not_found", HttpStatus.NOT_FOUND, "Memory not found", e);
			case InvalidMemoryException e -> entry("invalid_memory", HttpStatus.BAD_REQUEST, "Invalid memory", e);
			case EmbeddingException e ->
				entry("embedding_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Embedding unavailable", e)
					.retryAfter(STORE_RETRY_AFTER);
			case UnknownAgentException e -> entry("unknown_agent", HttpStatus.BAD_REQUEST, "Unknown agent type", e)
				.property("knownAgentTypes", e.known());
			case InvalidTtlException e -> entry("invalid_ttl", HttpStatus.BAD_REQUEST, "Invalid TTL", e);
			case SessionLimitExceededException e ->
				entry("too_many_sessions", HttpStatus.TOO_MANY_REQUESTS, "Too many sessions", e)
					.retryAfter(CAPACITY_RETRY_AFTER);
			case TurnBusyException e ->
				entry("busy", HttpStatus.CONFLICT, "Turn in progress", e).property("turnId", e.runningTurnId());
			case NoRunningTurnException e -> entry("no_running_turn", HttpStatus.CONFLICT, "No running turn", e);
			case ApprovalException e -> switch (e.reason()) {
				case INVALID -> entry("invalid_approval", HttpStatus.BAD_REQUEST, "Invalid approval", e);
				case UNKNOWN -> entry("approval_not_found", HttpStatus.NOT_FOUND, "Approval not found", e);
				case DECIDED -> entry("already_decided", HttpStatus.CONFLICT, "Approval already decided", e);
			};
			case ShuttingDownException e ->
				entry("shutting_down", HttpStatus.SERVICE_UNAVAILABLE, "Shutting down", e).retryAfter(TURN_RETRY_AFTER);
			case BudgetExhaustedException e ->
				entry(ErrorCodes.BUDGET, HttpStatus.TOO_MANY_REQUESTS, "Token budget used", e);
			case SpendingExhaustedException e when e.retryAfter().isPositive() ->
				entry(ErrorCodes.BUDGET, HttpStatus.TOO_MANY_REQUESTS, "Spending budget used", e)
					.retryAfter(e.retryAfter());
			case SpendingExhaustedException e ->
				entry(ErrorCodes.BUDGET, HttpStatus.TOO_MANY_REQUESTS, "Spending budget used", e);
			case TooManyTurnsException e ->
				entry("too_many_turns", HttpStatus.TOO_MANY_REQUESTS, "Too many turns", e).retryAfter(TURN_RETRY_AFTER);
			case AttachmentTooLargeException e ->
				entry("too_large", HttpStatus.CONTENT_TOO_LARGE, "Image too large", e);
			case UnsupportedAttachmentException e ->
				entry("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported attachment", e);
			case InvalidMessageException e when e.tooLong() ->
				entry("too_large", HttpStatus.CONTENT_TOO_LARGE, "Message too long", e);
			case InvalidMessageException e -> entry("invalid_message", HttpStatus.BAD_REQUEST, "Invalid message", e);
			case RateLimitedException e -> entry("rate_limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e)
				.retryAfter(e.retryAfter().isPositive() ? e.retryAfter() : Duration.ofSeconds(1));
			case OverloadedException e -> entry("overloaded", HttpStatus.TOO_MANY_REQUESTS, "Service overloaded", e)
				.property("reason", e.reason())
				.retryAfter(e.retryAfter());
			case MalformedRequestException e -> malformed(e);
			case ServerExchangeRejectedException e ->
				new ErrorEntry("rejected_request", 400, "Request rejected", quote(e.getMessage()));
			case WebExchangeBindException e -> invalid("Invalid request body",
					e.getFieldErrors().stream().map(ErrorCatalogue::describe).sorted().toList());
			case HandlerMethodValidationException e -> invalid("Invalid request parameter", parameterErrors(e));
			case ContentTooLargeException e -> tooLarge();
			case DataBufferLimitException e -> tooLarge();
			case ServerWebInputException e when InputProblems.isTooLarge(e) -> tooLarge();
			case ServerWebInputException e ->
				new ErrorEntry("invalid_request", 400, "Invalid request", InputProblems.describe(e));
			case UnsupportedMediaTypeStatusException e -> unsupportedMediaType(e);
			case ErrorResponse e -> fromErrorResponse(e);
			default -> internal();
		};
	}

	/** The entry for a bare error status some layer answered without saying why. */
	public static ErrorEntry forStatus(int status, String detail) {
		HttpStatus known = HttpStatus.resolve(status);
		if (known == null || status >= 500) {
			return internal();
		}
		return new ErrorEntry(known.name().toLowerCase(Locale.ROOT), status, known.getReasonPhrase(), detail);
	}

	/** The Redis-is-unavailable entry: 503 with {@code Retry-After}. */
	public static ErrorEntry unavailable() {
		return new ErrorEntry("unavailable", 503, "Session store unavailable", UNAVAILABLE_DETAIL)
			.retryAfter(STORE_RETRY_AFTER);
	}

	static ErrorEntry internal() {
		return new ErrorEntry(ErrorCodes.INTERNAL, 500, "Internal error", INTERNAL_DETAIL);
	}

	private static ErrorEntry entry(String code, HttpStatus status, String title, Throwable ex) {
		String message = ex.getMessage();
		return new ErrorEntry(code, status.value(), title, (message != null) ? message : title);
	}

	private static ErrorEntry malformed(MalformedRequestException ex) {
		String detail = String.valueOf(ex.getMessage());
		ErrorEntry entry = switch (ex.kind()) {
			case URI_TOO_LONG -> new ErrorEntry("uri_too_long", 414, "URI too long", detail);
			case HEADERS_TOO_LARGE -> new ErrorEntry("headers_too_large", 431, "Request headers too large", detail);
			case INVALID_URI -> new ErrorEntry("invalid_uri", 400, "Invalid request target", detail);
			case MALFORMED -> new ErrorEntry("malformed_request", 400, "Malformed request", detail);
		};
		// After a codec failure the rest of the input cannot be trusted to be framed
		// right; a request with a bad target was read whole.
		return (ex.kind() == MalformedRequestException.Kind.INVALID_URI) ? entry
				: entry.header(HttpHeaders.CONNECTION, "close");
	}

	private static ErrorEntry invalid(String title, List<String> errors) {
		return new ErrorEntry("invalid_request", 400, title, String.join("; ", errors)).property("errors", errors);
	}

	private static ErrorEntry tooLarge() {
		// Part of the body may be unread: never reuse this connection for another
		// request.
		return new ErrorEntry("too_large", 413, "Request too large",
				"The request body exceeds the configured limit (agentserve.api.max-request-size)")
			.header(HttpHeaders.CONNECTION, "close");
	}

	/** Says what to send, not only what was refused. */
	private static ErrorEntry unsupportedMediaType(UnsupportedMediaTypeStatusException ex) {
		List<String> supported = ex.getSupportedMediaTypes()
			.stream()
			.map((type) -> type.getType() + "/" + type.getSubtype())
			.distinct()
			.toList();
		String expected = supported.isEmpty() ? "application/json" : String.join(" or ", supported);
		String sent = (ex.getContentType() != null) ? "Content-Type '" + ex.getContentType() + "' is not supported"
				: "The request has no Content-Type";
		return new ErrorEntry("unsupported_media_type", 415, "Unsupported Media Type",
				sent + ": send the body as JSON with 'Content-Type: " + expected + "'")
			.property("supported", supported);
	}

	private static ErrorEntry fromErrorResponse(ErrorResponse ex) {
		int status = ex.getStatusCode().value();
		if (status >= 500) {
			return internal();
		}
		HttpStatus known = HttpStatus.resolve(status);
		// Spring's only 404 is for a request that matches no endpoint.
		String code = (status == 404) ? "no_endpoint"
				: (known != null) ? known.name().toLowerCase(Locale.ROOT) : "client_error";
		String title = (ex.getBody().getTitle() != null) ? ex.getBody().getTitle()
				: (known != null) ? known.getReasonPhrase() : "Client error";
		String detail = (ex.getBody().getDetail() != null) ? ex.getBody().getDetail() : title;
		Map<String, String> headers = new LinkedHashMap<>();
		ex.getHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
		return new ErrorEntry(code, status, title, detail, null, Map.of(), headers);
	}

	private static List<String> parameterErrors(HandlerMethodValidationException ex) {
		return ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> "Parameter '" + result.getMethodParameter().getParameterName() + "' " + message(error)))
			.sorted()
			.toList();
	}

	private static String describe(FieldError error) {
		return error.getField() + " " + message(error);
	}

	private static String message(MessageSourceResolvable error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	/** Caller-supplied text, made safe to echo: one line, printable, bounded. */
	static String quote(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String printable = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
		return (printable.length() > MAX_QUOTED) ? printable.substring(0, MAX_QUOTED) + "…" : printable;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable ex = Exceptions.unwrap(failure);
		for (int depth = 0; depth < 8 && (ex instanceof CompletionException || ex instanceof ExecutionException)
				&& ex.getCause() != null; depth++) {
			ex = ex.getCause();
		}
		return ex;
	}

}
