package dev.agentserve.memory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.agentserve.model.http.Backoff;
import dev.agentserve.model.http.Secrets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Embeddings from an OpenAI-compatible {@code POST <base-url>/embeddings} (OpenAI, vLLM,
 * Ollama, DashScope), configured like a model endpoint: {@code <endpoint>:<model>}. Each
 * attempt is bounded by {@code timeout} (not retried: a turn waits for it); connection
 * failures, 429 and 5xx are retried with the endpoint's {@link Backoff} (its
 * {@code Retry-After} honoured), other answers fail at once.
 */
final class OpenAiEmbeddingClient implements EmbeddingClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient web;

	private final String endpoint;

	private final String apiKey;

	private final String model;

	private final Duration timeout;

	private final Backoff backoff;

	OpenAiEmbeddingClient(WebClient web, String endpoint, String baseUrl, String apiKey, String model, Duration timeout,
			Backoff backoff) {
		String base = baseUrl.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		WebClient.Builder builder = web.mutate().baseUrl(base);
		if (!apiKey.isBlank()) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
		}
		this.web = builder.build();
		this.endpoint = endpoint;
		this.apiKey = apiKey;
		this.model = model;
		this.timeout = timeout;
		this.backoff = backoff;
	}

	@Override
	public Mono<float[]> embed(String text) {
		return Mono.defer(() -> attempt(text)).retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			Duration delay = retryable(failure) ? this.backoff.delay(signal.totalRetries(),
					(failure instanceof Answered answered) ? answered.retryAfter : null) : null;
			return (delay != null) ? Mono.delay(delay) : Mono.error(giveUp(failure, signal.totalRetries() + 1));
		}))).map(this::vector);
	}

	private Mono<JsonNode> attempt(String text) {
		return this.web.post()
			.uri("/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("model", this.model, "input", text))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JsonNode.class)
					: response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.flatMap((body) -> Mono.error(answered(response, body))))
			.timeout(this.timeout);
	}

	private static boolean retryable(Throwable failure) {
		if (failure instanceof Answered answered) {
			return answered.status == 429 || answered.status >= 500;
		}
		return failure instanceof WebClientRequestException || failure instanceof IOException;
	}

	/**
	 * The failure as the caller sees it: which endpoint, what it answered, how many
	 * attempts. Transport details (hosts, addresses) stay out of the message: it reaches
	 * the model as a tool error and API clients as a problem.
	 */
	private EmbeddingException giveUp(Throwable failure, long attempts) {
		String tries = (attempts > 1) ? " (after " + attempts + " attempts)" : "";
		String what;
		if (failure instanceof Answered answered) {
			what = "answered " + answered.status + tries + ": " + answered.getMessage();
		}
		else if (failure instanceof TimeoutException) {
			what = "sent no answer within " + this.timeout.toMillis() + " ms";
		}
		else if (retryable(failure)) {
			what = "could not be reached" + tries;
		}
		else if (failure instanceof CodecException) {
			what = "sent an answer that could not be read";
		}
		else {
			what = "failed: " + failure.getClass().getSimpleName();
		}
		return new EmbeddingException(describe(what), failure);
	}

	private String describe(String what) {
		return "The embedding endpoint " + this.endpoint + " (model " + this.model + ") " + what;
	}

	private Answered answered(ClientResponse response, String body) {
		String detail;
		try {
			JsonNode error = JSON.readTree(body);
			JsonNode message = error.path("error").path("message");
			detail = message.isString() ? message.asString() : error.path("message").asString(body.strip());
		}
		catch (RuntimeException ex) {
			detail = body.strip();
		}
		return new Answered(response.statusCode().value(), Secrets.redact(detail, this.apiKey),
				Backoff.retryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
	}

	private float[] vector(JsonNode body) {
		JsonNode values = body.path("data").path(0).path("embedding");
		if (!values.isArray() || values.isEmpty()) {
			throw new EmbeddingException(describe("answered without a data[0].embedding array"), null);
		}
		float[] vector = new float[values.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) values.get(i).asDouble();
		}
		return EmbeddingClient.normalize(vector);
	}

	@Override
	public String name() {
		return this.endpoint + ":" + this.model;
	}

	/** A non-2xx answer of one attempt; its message is the endpoint's, redacted. */
	private static final class Answered extends RuntimeException {

		private final int status;

		private final @Nullable Duration retryAfter;

		Answered(int status, String detail, @Nullable Duration retryAfter) {
			super(detail, null, false, false);
			this.status = status;
			this.retryAfter = retryAfter;
		}

	}

}
