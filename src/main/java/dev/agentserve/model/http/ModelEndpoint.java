package dev.agentserve.model.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One configured model endpoint: its WebClient, its circuit breaker, and the rules every
 * round sent to it follows. Retries (408/409/429/5xx, connection failures, first-byte
 * timeouts; honouring {@code Retry-After}) happen only while the round has streamed
 * nothing: after its first event a failure ends the round, so the client never sees an
 * event twice.
 */
public final class ModelEndpoint {

	private static final Logger log = LoggerFactory.getLogger(ModelEndpoint.class);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private final String name;

	private final ModelEndpointProperties.Endpoint config;

	private final WebClient web;

	private final CircuitBreaker breaker;

	private final JsonMapper json;

	private final EndpointUrl url;

	private final List<String> secrets;

	private final Backoff backoff;

	private volatile Reach reach = Reach.UNKNOWN;

	ModelEndpoint(String name, ModelEndpointProperties.Endpoint config, WebClient web, CircuitBreaker breaker,
			JsonMapper json) {
		this.name = name;
		this.config = config;
		this.web = web;
		this.breaker = breaker;
		this.json = json;
		this.url = config.url();
		List<String> secrets = new ArrayList<>(this.url.secrets());
		secrets.add(0, config.apiKey());
		this.secrets = List.copyOf(secrets);
		this.backoff = Backoff.of(config);
	}

	public String name() {
		return this.name;
	}

	public ModelEndpointProperties.Endpoint config() {
		return this.config;
	}

	public JsonMapper json() {
		return this.json;
	}

	/**
	 * The circuit breaker's state when it is not closed ({@code circuit open},
	 * {@code circuit half_open}), else what the last round that reached an end found:
	 * {@code unknown} before any, {@code healthy} when the endpoint answered (with a
	 * stream or a caller error), {@code unauthorized} on 401/403, {@code failing} on
	 * 408/429/5xx or a broken stream, {@code unreachable} when nothing came back
	 * (connection refused, timeouts, resets).
	 */
	public String status() {
		CircuitBreaker.State state = this.breaker.getState();
		return (state == CircuitBreaker.State.CLOSED) ? this.reach.wire : "circuit " + state.name().toLowerCase();
	}

	/**
	 * Whether a failure is the endpoint's (counted by the circuit breaker) rather than
	 * the caller's: a request the endpoint refused as too long, malformed or unauthorized
	 * would fail on any healthy endpoint, so it must not shut the endpoint off for every
	 * other session.
	 */
	static boolean endpointFailure(Throwable failure) {
		if (failure instanceof ModelHttpException http) {
			return http.status() == 408 || http.status() == 429 || http.status() >= 500 || http.status() < 400;
		}
		return true;
	}

	/** POSTs a JSON body and streams the server-sent events of a 2xx answer. */
	private Flux<ServerSentEvent<String>> post(String path, Consumer<HttpHeaders> headers, Object body) {
		return this.web.post().uri(this.url.resolve(path)).headers(headers).headers((all) -> {
			String userInfo = this.url.userInfo();
			if (userInfo != null && !all.containsHeader(HttpHeaders.AUTHORIZATION)) {
				int colon = userInfo.indexOf(':');
				all.setBasicAuth((colon < 0) ? userInfo : userInfo.substring(0, colon),
						(colon < 0) ? "" : userInfo.substring(colon + 1));
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body)
			.exchangeToFlux((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToFlux(SSE)
					: response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.flatMapMany((text) -> Flux.error(httpError(response, text))));
	}

	/**
	 * Streams one round: POSTs the body, parses each event with a fresh parser per
	 * attempt, and applies the endpoint's timeouts, retries and circuit breaker.
	 */
	public Flux<ModelEvent> round(String path, Consumer<HttpHeaders> headers, Object body,
			Supplier<StreamParser> parsers) {
		return guard(() -> {
			StreamParser parser = parsers.get();
			return post(path, headers, body).concatMapIterable((event) -> parser.accept(event.data()))
				.concatWith(Flux.defer(() -> Flux.fromIterable(parser.finish())));
		});
	}

	/**
	 * Merges configured extra fields into a request body: the endpoint's, then the
	 * agent's.
	 */
	public void addExtraFields(ObjectNode body, Map<String, Object> requestOptions) {
		this.config.extraBody().forEach((name, value) -> body.set(name, this.json.valueToTree(value)));
		requestOptions.forEach((name, value) -> body.set(name, this.json.valueToTree(value)));
	}

	/**
	 * Runs one round with the endpoint's timeouts, retries and circuit breaker. The
	 * breaker wraps the whole round, retries included, so a round counts once however
	 * many attempts it took; which failures count is {@link #endpointFailure}.
	 */
	private Flux<ModelEvent> guard(Supplier<Flux<ModelEvent>> round) {
		return Flux.defer(() -> {
			AtomicBoolean streamed = new AtomicBoolean();
			Flux<ModelEvent> attempt = Flux.defer(round)
				.timeout(Mono.delay(this.config.firstByteTimeout()), (event) -> Mono.delay(this.config.idleTimeout()))
				.onErrorMap(TimeoutException.class,
						(ex) -> new TimeoutModelException(this.name + (streamed.get()
								? " stopped streaming for " + this.config.idleTimeout().toMillis() + " ms"
								: " sent nothing for " + this.config.firstByteTimeout().toMillis() + " ms")))
				.doOnNext((event) -> streamed.set(true));
			return attempt.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
				Duration delay = retryDelay(signal.failure(), signal.totalRetries(), streamed.get());
				return (delay != null) ? Mono.delay(delay) : Mono.error(signal.failure());
			})))
				.doOnComplete(() -> this.reach = Reach.HEALTHY)
				.doOnError((ex) -> this.reach = Reach.after(ex, streamed.get()))
				.transformDeferred(CircuitBreakerOperator.of(this.breaker))
				.onErrorMap((ex) -> !(ex instanceof ModelException), this::describe);
		});
	}

	/**
	 * The message of a provider error body ({@code {"error": {"message": ...}}}),
	 * redacted.
	 */
	public String errorMessage(JsonNode error) {
		JsonNode message = error.path("error").path("message");
		String text = message.isString() ? message.asString() : error.path("message").asString(error.toString());
		return Secrets.redact(text, this.secrets);
	}

	private @Nullable Duration retryDelay(Throwable failure, long retries, boolean streamed) {
		if (streamed || !retryable(failure)) {
			return null;
		}
		return this.backoff.delay(retries, (failure instanceof ModelHttpException http) ? http.retryAfter() : null);
	}

	private static boolean retryable(Throwable failure) {
		if (failure instanceof ModelHttpException http) {
			return http.retryable();
		}
		if (failure instanceof CallNotPermittedException) {
			return false;
		}
		return failure instanceof WebClientRequestException || failure instanceof ModelException
				|| failure instanceof java.io.IOException || failure.getClass().getName().startsWith("reactor.netty");
	}

	private ModelException describe(Throwable ex) {
		if (ex instanceof CallNotPermittedException) {
			return new ModelException("The circuit breaker of model endpoint " + this.name
					+ " is open after repeated failures; calls resume in " + this.config.breakerOpenFor().toSeconds()
					+ " s");
		}
		// Transport failures name internal hosts and addresses: the turn's error event
		// says
		// what happened in a fixed sentence, the log keeps the detail.
		String detail = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		log.warn("Model endpoint {} failed: {} ({})", this.name, Secrets.redact(detail, this.secrets),
				ex.getClass().getName());
		String what = (ex instanceof WebClientRequestException) ? "could not be reached"
				: causedBy(ex, tools.jackson.core.JacksonException.class) ? "sent a stream that could not be read"
						: "broke off its answer";
		return new ModelException("Model endpoint " + this.name + " " + what + "; the details are in the server log",
				ex);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private ModelHttpException httpError(ClientResponse response, String body) {
		String detail;
		try {
			detail = errorMessage(this.json.readTree(body));
		}
		catch (RuntimeException ex) {
			detail = Secrets.redact(body.strip(), this.secrets);
		}
		int status = response.statusCode().value();
		return new ModelHttpException(this.name + " answered " + status + ": " + detail, status,
				Backoff.retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
	}

	/** A round failed by a timeout of the endpoint (nothing, or nothing more, came). */
	private static final class TimeoutModelException extends ModelException {

		TimeoutModelException(String message) {
			super(message);
		}

	}

	/** What the last round that ended found; see {@link #status()}. */
	private enum Reach {

		UNKNOWN("unknown"), HEALTHY("healthy"), UNAUTHORIZED("unauthorized"), FAILING("failing"),
		UNREACHABLE("unreachable");

		private final String wire;

		Reach(String wire) {
			this.wire = wire;
		}

		static Reach after(Throwable failure, boolean streamed) {
			if (failure instanceof ModelHttpException http) {
				if (http.status() == 401 || http.status() == 403) {
					return UNAUTHORIZED;
				}
				return endpointFailure(http) ? FAILING : HEALTHY;
			}
			boolean noAnswer = failure instanceof TimeoutModelException || failure instanceof WebClientRequestException;
			return (!streamed && noAnswer) ? UNREACHABLE : FAILING;
		}

	}

}
