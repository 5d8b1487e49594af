package dev.agentserve.memory;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Embeddings from an OpenAI-compatible {@code POST <base-url>/embeddings} (OpenAI, vLLM,
 * Ollama, DashScope), configured like a model endpoint: {@code <endpoint>:<model>}.
 */
final class OpenAiEmbeddingClient implements EmbeddingClient {

	private final WebClient web;

	private final String endpoint;

	private final String model;

	private final Duration timeout;

	OpenAiEmbeddingClient(WebClient web, String endpoint, String baseUrl, String apiKey, String model,
			Duration timeout) {
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
		this.model = model;
		this.timeout = timeout;
	}

	@Override
	public Mono<float[]> embed(String text) {
		return this.web.post()
			.uri("/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("model", this.model, "input", text))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.timeout)
			.map(OpenAiEmbeddingClient::vector)
			.onErrorMap((ex) -> !(ex instanceof EmbeddingException),
					(ex) -> new EmbeddingException("The embedding endpoint " + this.endpoint + " failed: " + ex, ex));
	}

	static float[] vector(JsonNode body) {
		JsonNode values = body.path("data").path(0).path("embedding");
		if (!values.isArray() || values.isEmpty()) {
			throw new EmbeddingException("The embedding answer has no data[0].embedding array", null);
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

}
