package dev.agentserve.telemetry;

import java.util.List;
import java.util.Map;

import dev.agentserve.model.ModelException;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.tool.TestTools;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code steps[]} of {@code GET /sessions/{id}/turns/{turnId}}: what each step took. */
class TurnStepsIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private TestTools.Flaky flaky;

	@Test
	void aDemoTurnListsItsModelRoundsAndTheCalculatorCall() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 12*(3+4)?").get("turnId").asString();

		JsonNode info = turnInfo(sessionId, turnId);

		List<JsonNode> steps = info.get("steps").valueStream().toList();
		assertThat(steps).extracting((step) -> step.get("type").asString()).containsExactly("model", "tool", "model");
		JsonNode firstRound = steps.get(0);
		assertThat(firstRound.get("step").asInt()).isEqualTo(1);
		assertThat(firstRound.get("finishReason").asString()).isEqualTo("tool_calls");
		assertThat(firstRound.get("inputTokens").asLong()).isPositive();
		assertThat(firstRound.get("outputTokens").asLong()).isPositive();
		assertThat(firstRound.get("reasoningTokens").isNumber()).isTrue();
		assertThat(firstRound.get("firstTokenMs").asLong()).isNotNegative()
			.isLessThanOrEqualTo(firstRound.get("durationMs").asLong());
		assertThat(firstRound.get("startedAt").asString()).isNotEmpty();
		JsonNode call = steps.get(1);
		assertThat(call.get("step").asInt()).isEqualTo(1);
		assertThat(call.get("tool").asString()).isEqualTo("calculator");
		assertThat(call.get("callId").asString()).isNotEmpty();
		assertThat(call.get("outcome").asString()).isEqualTo("ok");
		assertThat(call.get("attempts").asInt()).isEqualTo(1);
		assertThat(call.get("durationMs").isNumber()).isTrue();
		JsonNode answer = steps.get(2);
		assertThat(answer.get("step").asInt()).isEqualTo(2);
		assertThat(answer.get("finishReason").asString()).isEqualTo("stop");
		assertThat(steps.get(0).get("outputTokens").asLong() + answer.get("outputTokens").asLong())
			.isEqualTo(info.get("usage").get("outputTokens").asLong());
	}

	@Test
	void aRetriedToolCallShowsItsAttempts() {
		this.flaky.attempts.set(0);
		this.scripted.play(ScriptedModel.call("flaky", "{\"failures\":2}"), ScriptedModel.answer("done"));
		String sessionId = scriptedSession();
		String turnId = Sessions.chat(this.http, sessionId, "go").get("turnId").asString();

		JsonNode call = turnInfo(sessionId, turnId).get("steps").get(1);

		assertThat(call.get("type").asString()).isEqualTo("tool");
		assertThat(call.get("tool").asString()).isEqualTo("flaky");
		assertThat(call.get("outcome").asString()).isEqualTo("ok");
		assertThat(call.get("attempts").asInt()).isEqualTo(3);
	}

	@Test
	void aFailedModelRoundIsAStepThatEndedInError() {
		this.scripted.play(Flux.error(new ModelException("the provider is down")));
		String sessionId = scriptedSession();
		String turnId = Sessions.chat(this.http, sessionId, "go").get("turnId").asString();

		JsonNode steps = turnInfo(sessionId, turnId).get("steps");

		assertThat(steps).hasSize(1);
		assertThat(steps.get(0).get("finishReason").asString()).isEqualTo("error");
		assertThat(steps.get(0).has("firstTokenMs")).as("no token came").isFalse();
	}

	private String scriptedSession() {
		return Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
	}

	private JsonNode turnInfo(String sessionId, String turnId) {
		return this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
