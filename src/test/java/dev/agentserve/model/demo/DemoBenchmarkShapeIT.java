package dev.agentserve.model.demo;

import java.time.Duration;
import java.util.List;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo model's benchmark shape, end to end: the same 24 events per turn as the
 * FastAPI peer's run with 20 tokens (docs/benchmarks.md).
 */
@DirtiesContext
@TestPropertySource(properties = { "agentserve.models.demo.answer-tokens=20", "agentserve.models.demo.token-delay=0" })
class DemoBenchmarkShapeIT extends IntegrationTest {

	@Test
	void aTurnWithTwentyAnswerTokensHasTheSameTwentyFourEventsAsThePeersRun() {
		// the first request of a fresh context may be slow on a busy machine
		String sessionId = Sessions.createId(this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build());

		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"What is 12*(3+4)?\"}")) {
			List<SseClient.Frame> frames = sse.rest();
			List<String> types = frames.stream().map((frame) -> frame.json().path("type").asString()).toList();

			assertThat(types).hasSize(24);
			assertThat(types.subList(0, 3)).containsExactly("turn_started", "tool_call", "tool_result");
			assertThat(types.subList(3, 23)).containsOnly("response");
			assertThat(types.getLast()).isEqualTo("done");
			assertThat(frames.getLast().json().path("response").asString()).startsWith("12*(3+4) = 84 ")
				.endsWith("tok19 ");
		}
	}

}
