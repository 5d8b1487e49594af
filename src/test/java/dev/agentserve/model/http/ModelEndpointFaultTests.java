package dev.agentserve.model.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelException;
import dev.agentserve.model.ModelProvider;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.UserMessage;
import dev.agentserve.support.FakeProvider;
import dev.agentserve.support.FakeProvider.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** How a round ends when the provider misbehaves, and within which budget. */
class ModelEndpointFaultTests {

	private static final ModelRequest REQUEST = new ModelRequest("gpt-4o", List.of(new UserMessage("hi")), List.of(),
			Map.of());

	/** OpenAI's answer to a request over the model's context window. */
	private static final String CONTEXT_TOO_LONG = """
			{"error": {"message": "This model's maximum context length is 128000 tokens. However, your messages \
			resulted in 130412 tokens. Please reduce the length of the messages.", "type": "invalid_request_error", \
			"param": "messages", "code": "context_length_exceeded"}}""";

	private final FakeProvider server = new FakeProvider();

	private final ModelProvider provider = TestEndpoints.provider("openai",
			TestEndpoints.endpoint(EndpointType.OPENAI, this.server.baseUrl() + "/v1", 2, Map.of()));

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void rateLimitedRoundIsRetriedAfterRetryAfter() {
		this.server.reply(
				Reply.status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("Retry-After", "1"),
				Reply.stream("openai/answer.sse"));
		long start = System.nanoTime();

		StepVerifier.create(stream())
			.expectNextCount(3)
			.expectNext(new ModelEvent.Finish(ModelEvent.Finish.STOP))
			.expectComplete()
			.verify(Duration.ofSeconds(5));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void repeatedServerErrorsExhaustRetriesThenOpenTheBreaker() {
		String error = "{\"error\":{\"message\":\"upstream exploded\"}}";
		for (int round = 1; round <= 3; round++) {
			this.server.reply(Reply.status(500, error), Reply.status(500, error), Reply.status(500, error));
			StepVerifier.create(stream())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
					.hasMessage("openai answered 500: upstream exploded"))
				.verify(Duration.ofSeconds(5));
			assertThat(this.server.requests()).hasSize(3 * round);
		}
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("circuit open");

		StepVerifier.create(stream())
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).hasMessageContaining("circuit breaker").hasMessageContaining("open"))
			.verify(Duration.ofSeconds(1));
		assertThat(this.server.requests()).hasSize(9);
	}

	@Test
	void callerErrorsNeverOpenTheBreaker() {
		int rounds = 6;
		for (int round = 1; round <= rounds; round++) {
			this.server.reply(Reply.status(400, CONTEXT_TOO_LONG));
			StepVerifier.create(stream())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelHttpException.class)
					.hasMessageStartingWith(
							"openai answered 400: This model's maximum context length is 128000 tokens"))
				.verify(Duration.ofSeconds(5));
			assertThat(this.server.requests()).as("400s are not retried").hasSize(round);
		}
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("healthy");

		this.server.reply(Reply.stream("openai/answer.sse"));
		StepVerifier.create(stream()).expectNextCount(4).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(this.server.requests()).as("the request after them is still sent").hasSize(rounds + 1);
	}

	@Test
	void retriesOfOneRoundCountOnce() {
		String error = "{\"error\":{\"message\":\"upstream hiccup\"}}";
		for (int round = 1; round <= 3; round++) {
			this.server.reply(Reply.status(503, error), Reply.status(503, error), Reply.stream("openai/answer.sse"));
			StepVerifier.create(stream()).expectNextCount(4).expectComplete().verify(Duration.ofSeconds(5));
			assertThat(this.server.requests()).hasSize(3 * round);
		}
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("healthy");
	}

	@Test
	void rateLimitsResetsAndStallsAreEndpointFailures() {
		ModelProvider noRetries = TestEndpoints.provider("openai",
				TestEndpoints.endpoint(EndpointType.OPENAI, this.server.baseUrl() + "/v1", 0, Map.of()));
		this.server.reply(Reply.status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}"),
				Reply.resetAfter("openai/answer.sse", 0), Reply.stallAfter("openai/answer.sse", 2));
		for (int round = 1; round <= 3; round++) {
			StepVerifier.create(noRetries.client("openai", "gpt-4o").stream(REQUEST))
				.thenConsumeWhile((event) -> true)
				.expectError(ModelException.class)
				.verify(Duration.ofSeconds(5));
		}
		assertThat(noRetries.status("openai", "gpt-4o")).isEqualTo("circuit open");
		assertThat(this.server.requests()).hasSize(3);
	}

	@Test
	void anEndpointIsUnknownUntilARoundReachesIt() {
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("unknown");

		this.server.reply(Reply.stream("openai/answer.sse"));
		StepVerifier.create(stream()).expectNextCount(4).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("healthy");

		String error = "{\"error\":{\"message\":\"upstream exploded\"}}";
		this.server.reply(Reply.status(500, error), Reply.status(500, error), Reply.status(500, error));
		StepVerifier.create(stream()).expectError(ModelException.class).verify(Duration.ofSeconds(5));
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("failing");

		this.server.reply(Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
		StepVerifier.create(stream()).expectError(ModelException.class).verify(Duration.ofSeconds(5));
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("unauthorized");

		this.server.reply(Reply.status(400, CONTEXT_TOO_LONG));
		StepVerifier.create(stream()).expectError(ModelException.class).verify(Duration.ofSeconds(5));
		assertThat(this.provider.status("openai", "gpt-4o")).as("it answered").isEqualTo("healthy");
	}

	@Test
	void anEndpointThatRefusesConnectionsIsUnreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ModelProvider nowhere = TestEndpoints.provider("openai",
				TestEndpoints.endpoint(EndpointType.OPENAI, "http://127.0.0.1:" + closedPort + "/v1", 0, Map.of()));
		assertThat(nowhere.status("openai", "gpt-4o")).isEqualTo("unknown");

		StepVerifier.create(nowhere.client("openai", "gpt-4o").stream(REQUEST))
			// The turn's error event must not name internal hosts or ports.
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
				.hasMessage("Model endpoint openai could not be reached; the details are in the server log")
				.message()
				.doesNotContain(Integer.toString(closedPort)))
			.verify(Duration.ofSeconds(5));
		assertThat(nowhere.status("openai", "gpt-4o")).isEqualTo("unreachable");
	}

	@Test
	void aResetBeforeTheFirstEventIsRetried() {
		this.server.reply(Reply.resetAfter("openai/answer.sse", 0), Reply.stream("openai/answer.sse"));

		StepVerifier.create(stream()).expectNextCount(4).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void aResetAfterTheFirstEventEndsTheRound() {
		this.server.reply(Reply.resetAfter("openai/answer.sse", 2), Reply.stream("openai/answer.sse"));

		StepVerifier.create(stream())
			.expectNext(new ModelEvent.TextDelta("6*7 is 42"))
			.expectError(ModelException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void aStallPastTheIdleTimeoutEndsTheRound() {
		this.server.reply(Reply.stallAfter("openai/answer.sse", 2));

		StepVerifier.create(stream())
			.expectNext(new ModelEvent.TextDelta("6*7 is 42"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
				.hasMessage("openai stopped streaming for 500 ms"))
			.verify(Duration.ofSeconds(3));
	}

	@Test
	void aMalformedChunkEndsTheRound() {
		this.server.reply(Reply.stream("openai/malformed.sse"));

		StepVerifier.create(stream())
			.expectNext(new ModelEvent.TextDelta("He"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
				.hasMessageStartingWith("Model endpoint openai sent a stream that could not be read"))
			.verify(Duration.ofSeconds(3));
	}

	@Test
	void theApiKeyNeverAppearsInErrors() {
		this.server.reply(Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
				+ TestEndpoints.API_KEY + ". You can find your API key at https://platform.openai.com.\"}}"));

		StepVerifier.create(stream())
			.expectErrorSatisfies((ex) -> assertThat(ex.getMessage()).startsWith("openai answered 401")
				.doesNotContain(TestEndpoints.API_KEY)
				.doesNotContain("0123456789"))
			.verify(Duration.ofSeconds(3));
		assertThat(this.server.requests()).hasSize(1);
	}

	private reactor.core.publisher.Flux<ModelEvent> stream() {
		return this.provider.client("openai", "gpt-4o").stream(REQUEST);
	}

}
