package dev.agentserve.examples;

import java.util.Map;
import java.util.stream.Stream;

import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every configuration in {@code examples/} starts the service as its header comment says
 * ({@code --spring.config.additional-location=file:examples/<file>}) and yields the agent
 * types it promises, with their models and tools; the ones on the demo model also answer.
 */
class ExamplesIT {

	static Stream<Arguments> examples() {
		return Stream.of(arguments("demo.yaml", Map.of("calculator-bot", "demo", "clock", "demo", "assistant", "demo")),
				arguments("openai-compatible.yaml", Map.of("qwen", "vllm:Qwen/Qwen3-8B", "local", "ollama:qwen3:8b")),
				arguments("anthropic.yaml", Map.of("claude", "anthropic:claude-sonnet-4-5")),
				arguments("text-protocol.yaml", Map.of("legacy", "legacy:my-finetune")),
				arguments("approvals.yaml", Map.of("supervised", "demo")),
				arguments("http-fetch.yaml", Map.of("web-reader", "demo")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void theExampleStartsWithItsAgentTypes(String file, Map<String, String> models) {
		try (ConfigurableApplicationContext app = Replicas.start("examples-" + file + ":", "examples",
				"--spring.config.additional-location=file:examples/" + file, "--agentserve.turns.shutdown-grace=1s")) {
			WebTestClient http = Replicas.http(app);
			JsonNode agents = http.get()
				.uri("/agents")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			models.forEach((name, model) -> {
				JsonNode agent = agentNamed(agents, name);
				assertThat(agent).as(file + " defines " + name).isNotNull();
				assertThat(agent.path("model").asString()).isEqualTo(model);
				assertThat(agent.path("tools")).isNotEmpty();
			});
			if (file.equals("demo.yaml")) {
				assertThat(answer(http, "calculator-bot", "What is 12*(3+4)?")).contains("84");
			}
			if (file.equals("approvals.yaml")) {
				assertThat(waitsForApproval(Replicas.url(app), session(http, "supervised"), "What is 2+2?")).isTrue();
			}
			if (file.equals("http-fetch.yaml")) {
				assertThat(agentNamed(agents, "web-reader").path("tools").toString()).contains("http_fetch");
			}
		}
	}

	private static JsonNode agentNamed(JsonNode agents, String name) {
		for (JsonNode agent : agents.path("agents")) {
			if (agent.path("name").asString().equals(name)) {
				return agent;
			}
		}
		return null;
	}

	private static String session(WebTestClient http, String agentType) {
		return Sessions.create(http, Map.of("agentType", agentType)).get("sessionId").asString();
	}

	private static String answer(WebTestClient http, String agentType, String message) {
		return Sessions.chat(http, session(http, agentType), message).path("response").asString();
	}

	/**
	 * The turn asks for approval before its calculator call (the stream is left open).
	 */
	private static boolean waitsForApproval(String baseUrl, String sessionId, String message) {
		try (SseClient stream = SseClient.post(baseUrl + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"" + message + "\"}")) {
			for (SseClient.Frame frame = stream.next(); frame != null; frame = stream.next()) {
				if (frame.type().equals("approval_required")) {
					return frame.json().path("tool").asString().equals("calculator");
				}
			}
			return false;
		}
	}

}
