package dev.agentserve.memory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI-compatible embeddings client against a local server that answers in the wire
 * format of {@code POST /v1/embeddings} (as OpenAI, vLLM and Ollama do).
 */
class OpenAiEmbeddingClientTests {

	private static final String ANSWER = """
			{"object": "list",
			 "data": [{"object": "embedding", "index": 0, "embedding": [3.0, 0.0, -4.0]}],
			 "model": "text-embedding-3-small",
			 "usage": {"prompt_tokens": 5, "total_tokens": 5}}
			""";

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private volatile int status = 200;

	private volatile String body = ANSWER;

	record Recorded(String method, String path, String authorization, JsonNode body) {
	}

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				JsonMapper.builder().build().readTree(exchange.getRequestBody().readAllBytes())));
		byte[] reply = this.body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(this.status, reply.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(reply);
		}
	}

	private OpenAiEmbeddingClient client() {
		return new OpenAiEmbeddingClient(WebClient.builder().build(), "vllm",
				"http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/", "sk-test", "bge-small",
				Duration.ofSeconds(5));
	}

	@Test
	void postsTheTextAndAnswersTheUnitVector() {
		StepVerifier.create(client().embed("My sister lives in Lisbon"))
			.assertNext((vector) -> assertThat(vector).containsExactly(0.6f, 0.0f, -0.8f))
			.verifyComplete();

		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/embeddings");
		assertThat(request.authorization()).isEqualTo("Bearer sk-test");
		assertThat(request.body().get("model").asString()).isEqualTo("bge-small");
		assertThat(request.body().get("input").asString()).isEqualTo("My sister lives in Lisbon");
		assertThat(client().name()).isEqualTo("vllm:bge-small");
	}

	@Test
	void anErrorStatusOrAnAnswerWithoutAVectorIsAnEmbeddingFailure() {
		this.status = 503;
		this.body = "{\"error\": {\"message\": \"overloaded\"}}";
		StepVerifier.create(client().embed("x")).expectError(EmbeddingException.class).verify();

		this.status = 200;
		this.body = "{\"object\": \"list\", \"data\": []}";
		StepVerifier.create(client().embed("x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessageContaining("data[0].embedding"))
			.verify();
	}

}
