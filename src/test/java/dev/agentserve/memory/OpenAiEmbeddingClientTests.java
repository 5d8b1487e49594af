package dev.agentserve.memory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.ServerSocket;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentserve.model.http.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	/** What the server answers, in order; {@link #ANSWER} once these are used up. */
	private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private HttpServer server;

	private ExecutorService executor;

	record Recorded(String method, String path, String authorization, JsonNode body, long atNanos) {
	}

	/** One answer: status, body, an optional {@code Retry-After}, or no answer at all. */
	record Reply(int status, String body, String retryAfter, boolean hang) {

		static Reply of(int status, String body) {
			return new Reply(status, body, "", false);
		}

	}

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.executor = Executors.newCachedThreadPool();
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				JsonMapper.builder().build().readTree(exchange.getRequestBody().readAllBytes()), System.nanoTime()));
		Reply reply = this.replies.poll();
		if (reply == null) {
			reply = Reply.of(200, ANSWER);
		}
		if (reply.hang()) {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
			return;
		}
		byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		if (!reply.retryAfter().isEmpty()) {
			exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
		}
		exchange.sendResponseHeaders(reply.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private OpenAiEmbeddingClient client() {
		return client("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/", Duration.ofSeconds(5));
	}

	/** Two retries, 10 ms apart at first, a Retry-After up to 2 s honoured. */
	private static OpenAiEmbeddingClient client(String baseUrl, Duration timeout) {
		return new OpenAiEmbeddingClient(WebClient.builder().build(), "vllm", baseUrl, "sk-test", "bge-small", timeout,
				new Backoff(2, Duration.ofMillis(10), Duration.ofSeconds(2)));
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
	void aServiceUnavailableIsRetriedUntilTheEndpointAnswers() {
		this.replies.add(Reply.of(503, "{\"error\": {\"message\": \"overloaded\"}}"));

		StepVerifier.create(client().embed("x"))
			.assertNext((vector) -> assertThat(vector).containsExactly(0.6f, 0.0f, -0.8f))
			.verifyComplete();
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void tooManyRequestsWaitsAsLongAsRetryAfterAsks() {
		this.replies.add(new Reply(429, "{\"error\": {\"message\": \"slow down\"}}", "1", false));

		StepVerifier.create(client().embed("x")).expectNextCount(1).verifyComplete();
		assertThat(this.requests).hasSize(2);
		long waitedMillis = (this.requests.get(1).atNanos() - this.requests.get(0).atNanos()) / 1_000_000;
		assertThat(waitedMillis).isGreaterThanOrEqualTo(950);
	}

	@Test
	void retriesAreBoundedAndTheFailureNamesTheEndpointAndStatus() {
		for (int i = 0; i < 3; i++) {
			this.replies.add(Reply.of(503, "{\"error\": {\"message\": \"overloaded\"}}"));
		}

		StepVerifier.create(client().embed("x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessage(
						"The embedding endpoint vllm (model bge-small) answered 503 (after 3 attempts): overloaded"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void aBadRequestIsNotRetried() {
		this.replies.add(Reply.of(400, "{\"error\": {\"message\": \"input is too long for sk-test\"}}"));

		StepVerifier.create(client().embed("x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessageStartingWith("The embedding endpoint vllm (model bge-small) answered 400: input is too long")
				.hasMessageNotContaining("sk-test"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void anEndpointThatSendsNothingTimesOutWithoutRetries() {
		OpenAiEmbeddingClient client = client("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1",
				Duration.ofMillis(300));
		// Calls that answer warm the client up, so the timed one is not spent connecting
		// (a cold first call may itself take longer than 300 ms on a busy machine).
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.embed("x").map((vector) -> true).onErrorReturn(false).block());
		this.replies.add(new Reply(200, "", "", true));

		StepVerifier.create(client.embed("timed"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessage("The embedding endpoint vllm (model bge-small) sent no answer within 300 ms"))
			.verify(Duration.ofSeconds(10));
		assertThat(this.requests).filteredOn((request) -> request.body().toString().contains("timed")).hasSize(1);
	}

	@Test
	void anUnreachableEndpointIsRetriedThenAFailure() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		StepVerifier.create(client("http://127.0.0.1:" + port + "/v1", Duration.ofSeconds(5)).embed("x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessage("The embedding endpoint vllm (model bge-small) could not be reached (after 3 attempts)"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void anAnswerWithoutAVectorIsAnEmbeddingFailure() {
		this.replies.add(Reply.of(200, "{\"object\": \"list\", \"data\": []}"));

		StepVerifier.create(client().embed("x"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmbeddingException.class)
				.hasMessageContaining("vllm")
				.hasMessageContaining("data[0].embedding"))
			.verify();
	}

}
