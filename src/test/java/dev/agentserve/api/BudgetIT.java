package dev.agentserve.api;

import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A session's token budget: the turn that crosses it stops, later turns are refused. */
class BudgetIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aTurnStopsWhenTheSessionCrossesItsBudgetAndNoMoreTurnsStart() {
		// Each scripted round reports 10 input + 5 output tokens; the budget is 25.
		this.scripted.play(ScriptedModel.call("calculator", "{\"expression\":\"1+1\"}"),
				ScriptedModel.call("calculator", "{\"expression\":\"2+2\"}"), ScriptedModel.answer("never"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "budgeted")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "count");

		assertThat(result.get("status").asString()).isEqualTo("error");
		assertThat(result.get("error").get("code").asString()).isEqualTo("budget");
		assertThat(result.get("toolCalls")).hasSize(1);
		this.http.get().uri("/sessions/{id}", sessionId).exchange().expectBody().jsonPath("$.tokensUsed").isEqualTo(30);
		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "more", "stream", false))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("token budget of 25"));
	}

}
