package dev.agentserve.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a running turn: fast, exactly one terminal event, partial answer kept. */
class CancelIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private Keyspace keys;

	@Test
	void cancelStopsTheTurnKeepsThePartialAnswerAndFreesTheSession() {
		this.scripted.play(ScriptedModel.words(20, 100), ScriptedModel.answer("next turn"));
		String sessionId = scriptedSession();
		List<Frame> frames;
		long cancelledAt;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"talk\"}")) {
			String turnId = sse.header("X-Turn-Id");
			for (int i = 0; i < 4; i++) {
				sse.next();
			}
			this.http.post()
				.uri("/sessions/{id}/cancel", sessionId)
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody()
				.jsonPath("$.turnId")
				.isEqualTo(turnId);
			cancelledAt = System.nanoTime();
			frames = sse.rest();
		}

		assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(2));
		assertThat(frames).filteredOn((frame) -> frame.type().equals("cancelled")).hasSize(1);
		assertThat(frames.get(frames.size() - 1).type()).isEqualTo("cancelled");
		assertThat(frames.get(frames.size() - 1).json().get("reason").asString()).isEqualTo("cancelled by request");
		JsonNode history = this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("messages");
		JsonNode partial = history.get(history.size() - 1);
		assertThat(partial.get("role").asString()).isEqualTo("assistant");
		assertThat(partial.get("cancelled").asBoolean()).isTrue();
		assertThat(partial.get("content").asString()).startsWith("w1 w2 w3 ");
		assertThat(Sessions.chat(this.http, sessionId, "again").get("response").asString()).isEqualTo("next turn");
	}

	@Test
	void aCancelFlaggedByAnotherReplicaStopsTheTurnWithinTwoSeconds() {
		this.scripted.play(ScriptedModel.call("slow", "{\"ms\":10000}"), ScriptedModel.answer("never"));
		String sessionId = scriptedSession();
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"wait\"}")) {
			String turnId = sse.header("X-Turn-Id");
			assertThat(sse.next().type()).isEqualTo("turn_started");
			assertThat(sse.next().type()).isEqualTo("tool_call");
			// What POST /cancel on another replica leaves behind: the durable flag only.
			this.redis.opsForValue().set(this.keys.cancel(sessionId), turnId).block();
			long flaggedAt = System.nanoTime();

			List<Frame> rest = sse.rest();

			assertThat(Duration.ofNanos(System.nanoTime() - flaggedAt)).isLessThan(Duration.ofSeconds(2));
			assertThat(rest).extracting(Frame::type).containsExactly("cancelled");
		}
	}

	@Test
	void cancelWithNothingRunningIsAConflict() {
		String sessionId = scriptedSession();
		this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isEqualTo(409);
		this.http.post()
			.uri("/sessions/{id}/cancel", "00000000-0000-4000-8000-000000000000")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private String scriptedSession() {
		return Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
	}

	private String chatUrl(String sessionId) {
		return baseUrl() + "/sessions/" + sessionId + "/chat";
	}

}
