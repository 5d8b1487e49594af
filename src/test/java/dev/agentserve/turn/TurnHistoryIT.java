package dev.agentserve.turn;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn persists exactly what its loop reports at its end. */
class TurnHistoryIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aTurnCancelledWhileACallWaitsKeepsItsAnsweredStepsAndACancelledAnswer() {
		this.scripted.play(ScriptedModel.call("slow", "{\"ms\":1}"), ScriptedModel.call("guarded", "{\"x\":1}"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"do it\"}")) {
			Frame frame = sse.next();
			while (!frame.type().equals("approval_required")) {
				frame = sse.next();
			}
			this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isAccepted();
			List<Frame> rest = sse.rest();
			assertThat(rest).extracting(Frame::type).containsExactly("cancelled");
		}

		JsonNode history = this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("messages");
		List<JsonNode> messages = StreamSupport.stream(history.spliterator(), false).toList();
		assertThat(messages).extracting((message) -> message.get("role").asString())
			.as("the call still waiting for approval has no result, so it is not kept")
			.containsExactly("user", "assistant", "tool", "assistant");
		assertThat(messages.get(1).get("toolCalls").get(0).get("id").asString()).isEqualTo("call_0_slow");
		assertThat(messages.get(2).get("callId").asString()).isEqualTo("call_0_slow");
		assertThat(messages.get(3).get("cancelled").asBoolean()).isTrue();
		assertThat(messages.get(3).get("content").asString()).isEmpty();
	}

}
