package dev.agentserve.tool;

import java.util.List;
import java.util.Map;

import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as configured out of the box (application.yaml, no test profile): the
 * {@code calculator}'s {@code cache-ttl} binds, so the same expression asked in two
 * sessions is computed once and the second result is marked {@code cached}.
 */
class ToolCacheDefaultsIT {

	@Test
	void theDefaultCalculatorCacheAnswersTheSecondIdenticalCall() {
		try (ConfigurableApplicationContext app = Replicas.start("cache-defaults-" + System.nanoTime() + ":",
				"cache-defaults")) {
			WebTestClient http = Replicas.http(app);
			JsonNode first = toolResult(app, http, "What is 17*(2+3)?");
			JsonNode second = toolResult(app, http, "What is 17*(2+3)?");
			assertThat(first.path("result").path("result").asInt()).isEqualTo(85);
			assertThat(first.has("cached")).isFalse();
			assertThat(second.path("result").path("result").asInt()).isEqualTo(85);
			assertThat(second.path("cached").asBoolean()).isTrue();
			JsonNode calculator = null;
			for (JsonNode tool : http.get()
				.uri("/tools")
				.exchange()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.path("tools")) {
				if (tool.path("name").asString().equals("calculator")) {
					calculator = tool;
				}
			}
			assertThat(calculator).isNotNull();
			assertThat(calculator.path("cacheHits").asLong()).isEqualTo(1);
		}
	}

	private static JsonNode toolResult(ConfigurableApplicationContext app, WebTestClient http, String message) {
		String sessionId = Sessions.create(http, Map.of("agentType", "assistant")).get("sessionId").asString();
		try (SseClient stream = SseClient.post(Replicas.url(app) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"" + message + "\"}")) {
			List<SseClient.Frame> frames = stream.rest();
			return frames.stream()
				.filter((frame) -> frame.type().equals("tool_result"))
				.findFirst()
				.orElseThrow()
				.json();
		}
	}

}
