package dev.agentserve.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.agentserve.agent.UnknownAgentException;
import dev.agentserve.approval.ApprovalException;
import dev.agentserve.session.InvalidTtlException;
import dev.agentserve.session.SessionLimitExceededException;
import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.InvalidMessageException;
import dev.agentserve.turn.NoRunningTurnException;
import dev.agentserve.turn.ShuttingDownException;
import dev.agentserve.turn.TooManyTurnsException;
import dev.agentserve.turn.TurnBusyException;
import dev.agentserve.limit.RateLimitedException;
import dev.agentserve.turn.TurnNotFoundException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one place that decides which status and sentence every failure becomes. Feature
 * exceptions carry no web types; this maps them, Spring's own errors, and store outages.
 */
@Component
class ProblemMapper {

	static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

	static final Duration CAPACITY_RETRY_AFTER = Duration.ofSeconds(60);

	static final Duration TURN_RETRY_AFTER = Duration.ofSeconds(5);

	Problem map(Throwable ex, String method, String path) {
		Problem problem = switch (ex) {
			case SessionNotFoundException e -> problem(HttpStatus.NOT_FOUND, "Session not found", e.getMessage());
			case UnknownAgentException e ->
				withProperty(problem(HttpStatus.BAD_REQUEST, "Unknown agent type", e.getMessage()), "knownAgentTypes",
						e.known());
			case InvalidTtlException e -> problem(HttpStatus.BAD_REQUEST, "Invalid TTL", e.getMessage());
			case SessionLimitExceededException e -> retryAfter(
					problem(HttpStatus.TOO_MANY_REQUESTS, "Too many sessions", e.getMessage()), CAPACITY_RETRY_AFTER);
			case TurnBusyException e -> withProperty(problem(HttpStatus.CONFLICT, "Turn in progress", e.getMessage()),
					"turnId", e.runningTurnId());
			case TurnNotFoundException e -> problem(HttpStatus.NOT_FOUND, "Turn not found", e.getMessage());
			case NoRunningTurnException e -> problem(HttpStatus.CONFLICT, "No running turn", e.getMessage());
			case ApprovalException e -> problem(switch (e.reason()) {
				case INVALID -> HttpStatus.BAD_REQUEST;
				case UNKNOWN -> HttpStatus.NOT_FOUND;
				case DECIDED -> HttpStatus.CONFLICT;
			}, "Approval", e.getMessage());
			case ShuttingDownException e ->
				retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, "Shutting down", e.getMessage()), TURN_RETRY_AFTER);
			case BudgetExhaustedException e ->
				problem(HttpStatus.TOO_MANY_REQUESTS, "Token budget used", e.getMessage());
			case TooManyTurnsException e ->
				retryAfter(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many turns", e.getMessage()), TURN_RETRY_AFTER);
			case InvalidMessageException e when e.tooLong() ->
				problem(HttpStatus.CONTENT_TOO_LARGE, "Message too long", e.getMessage());
			case InvalidMessageException e -> problem(HttpStatus.BAD_REQUEST, "Invalid message", e.getMessage());
			case RateLimitedException e ->
				retryAfter(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage()),
						Duration.ofSeconds(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
			case WebExchangeBindException e -> bindProblem(e);
			case HandlerMethodValidationException e -> parameterProblem(e);
			case ContentTooLargeException e -> tooLarge(e);
			case ServerWebInputException e when InputProblems.isTooLarge(e) -> tooLarge(e);
			case ServerWebInputException e ->
				problem(HttpStatus.BAD_REQUEST, "Invalid request", InputProblems.describe(e));
			case ErrorResponse e -> fromErrorResponse(e, method, path);
			case DataAccessResourceFailureException e -> storeUnavailable();
			case QueryTimeoutException e -> storeUnavailable();
			default -> problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
					"The service failed to handle this request; it has been logged");
		};
		instance(problem, path);
		return problem;
	}

	private static void instance(Problem problem, String path) {
		try {
			problem.body().setInstance(URI.create(path));
		}
		catch (IllegalArgumentException ex) {
			// A path that is no valid URI reference is left out rather than failing the
			// answer.
		}
	}

	private Problem bindProblem(WebExchangeBindException ex) {
		List<String> errors = ex.getFieldErrors().stream().map(ProblemMapper::describe).sorted().toList();
		return withProperty(problem(HttpStatus.BAD_REQUEST, "Invalid request body", String.join("; ", errors)),
				"errors", errors);
	}

	private Problem parameterProblem(HandlerMethodValidationException ex) {
		List<String> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> "Parameter '" + result.getMethodParameter().getParameterName() + "' " + message(error)))
			.sorted()
			.toList();
		return withProperty(problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", String.join("; ", errors)),
				"errors", errors);
	}

	private Problem tooLarge(Throwable ex) {
		String detail = (ex.getCause() instanceof RequestTooLargeException cause) ? cause.getMessage()
				: "The request body exceeds the configured limit (agentserve.api.max-request-size)";
		Problem problem = problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", detail);
		// Part of the body may be unread: never reuse this connection for another
		// request.
		problem.headers().set(HttpHeaders.CONNECTION, "close");
		return problem;
	}

	private Problem fromErrorResponse(ErrorResponse ex, String method, String path) {
		ProblemDetail body = ex.getBody();
		if (body.getStatus() == HttpStatus.NOT_FOUND.value()) {
			body.setDetail("No endpoint " + method + " " + path);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(ex.getHeaders());
		return new Problem(body, headers);
	}

	private Problem storeUnavailable() {
		return retryAfter(problem(HttpStatus.SERVICE_UNAVAILABLE, "Session store unavailable",
				"The session store (Redis) cannot be reached; retry shortly"), STORE_RETRY_AFTER);
	}

	private static String describe(FieldError error) {
		return error.getField() + " " + message(error);
	}

	private static String message(MessageSourceResolvable error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static Problem problem(HttpStatusCode status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return new Problem(body, new HttpHeaders());
	}

	private static Problem withProperty(Problem problem, String name, Object value) {
		problem.body().setProperty(name, value);
		return problem;
	}

	private static Problem retryAfter(Problem problem, Duration delay) {
		problem.headers().set(HttpHeaders.RETRY_AFTER, Long.toString(delay.toSeconds()));
		return problem;
	}

}
