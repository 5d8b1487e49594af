package dev.agentserve.model.http;

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
		this.server.reply(Reply.status(500, error), Reply.status(500, error), Reply.status(500, error));

		StepVerifier.create(stream())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
				.hasMessage("openai answered 500: upstream exploded"))
			.verify(Duration.ofSeconds(5));
		assertThat(this.server.requests()).hasSize(3);
		assertThat(this.provider.status("openai", "gpt-4o")).isEqualTo("circuit open");

		StepVerifier.create(stream())
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).hasMessageContaining("circuit breaker").hasMessageContaining("open"))
			.verify(Duration.ofSeconds(1));
		assertThat(this.server.requests()).hasSize(3);
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
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(ModelException.class).hasMessageStartingWith("openai failed:"))
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
