package dev.agentserve.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.Message;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import dev.agentserve.support.TestRedis;
import dev.agentserve.tool.TestTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tools that need approval pause the turn until the session owner decides. */
class ApprovalIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private TestTools.Guarded guarded;

	@BeforeEach
	void reset() {
		this.guarded.calls.set(0);
		this.scripted.play(ScriptedModel.call("guarded", "{\"x\":1}"), ScriptedModel.answer("finished"));
	}

	@Test
	void anApprovedCallRunsOnlyAfterTheApproval() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			assertThat(request.json().get("tool").asString()).isEqualTo("guarded");
			assertThat(request.json().get("expiresAt").asString()).isNotBlank();
			assertThat(this.guarded.calls).as("not run before approval").hasValue(0);

			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isOk();

			List<Frame> rest = sse.rest();
			assertThat(result(rest).get("result").toString()).isEqualTo("{\"x\":1}");
			assertThat(rest.get(rest.size() - 1).type()).isEqualTo("done");
			assertThat(this.guarded.calls).hasValue(1);
			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "reject"))
				.expectStatus()
				.isEqualTo(409);
		}
	}

	@Test
	void aRejectedCallNeverRunsAndTheModelIsTold() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "reject"))
				.expectStatus()
				.isOk();
			assertThat(result(sse.rest()).get("error").asString()).contains("rejected");
		}
		assertThat(this.guarded.calls).hasValue(0);
	}

	@Test
	void anEditedCallRunsWithTheEditedArguments() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "edit",
					"args", Map.of("x", 2)))
				.expectStatus()
				.isOk();
			List<Frame> rest = sse.rest();
			assertThat(rest.get(0).type()).as("the edited call is shown before it runs").isEqualTo("tool_call");
			assertThat(rest.get(0).json().get("callId").asString()).isEqualTo(request.json().get("callId").asString());
			assertThat(rest.get(0).json().get("args").toString()).isEqualTo("{\"x\":2}");
			assertThat(result(rest).get("result").toString()).isEqualTo("{\"x\":2}");
		}
	}

	@Test
	void anUnansweredCallExpiresAndLateDecisionsAreRefused() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			assertThat(result(sse.rest()).get("error").asString()).contains("expired");
			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isEqualTo(409);
		}
		assertThat(this.guarded.calls).hasValue(0);
		assertThat(lastMessageOf(this.scripted.requests().get(1).messages())).isInstanceOfSatisfying(ToolMessage.class,
				(told) -> assertThat(told.content()).contains("before it expired"));
	}

	@Test
	void aCallWaitsForItsDecisionLongerThanTheTurnTimeout() {
		String sessionId = session("approver");
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			String turnId = request.json().get("turnId").asString();
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> "running".equals(turnStatus(sessionId, turnId)));

			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isOk();

			List<Frame> rest = sse.rest();
			assertThat(result(rest).get("result").toString()).isEqualTo("{\"x\":1}");
			assertThat(rest.get(rest.size() - 1).type()).isEqualTo("done");
		}
	}

	@Test
	void anUnansweredCallOutlastingTheTurnTimeoutExpiresAndTheModelIsTold() {
		String sessionId = session("approver");
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			Instant expiresAt = Instant.parse(request.json().get("expiresAt").asString());
			Instant announced = Instant.parse(request.json().get("ts").asString());
			assertThat(Duration.between(announced, expiresAt)).isBetween(Duration.ofMillis(1500),
					Duration.ofMillis(2500));

			List<Frame> rest = sse.rest();
			assertThat(result(rest).get("error").asString()).contains("expired");
			assertThat(rest.get(rest.size() - 1).type()).isEqualTo("done");
			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isEqualTo(409);
		}
		assertThat(lastMessageOf(this.scripted.requests().get(1).messages())).isInstanceOfSatisfying(ToolMessage.class,
				(told) -> assertThat(told.content()).contains("before it expired"));
	}

	@Test
	void aDecisionAfterTheTurnWasCancelledIsRefused() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isAccepted();
			List<Frame> rest = sse.rest();
			assertThat(rest.get(rest.size() - 1).type()).isEqualTo("cancelled");

			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isEqualTo(409);
		}
		assertThat(this.guarded.calls).hasValue(0);
	}

	@Test
	void aDecisionOnATurnThatNoLongerRunsIsRefused() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			String turnKey = TestRedis.KEY_PREFIX + "{" + sessionId + "}:turn:"
					+ request.json().get("turnId").asString();
			// As when its owner died and another replica ended it.
			this.redis.opsForHash().put(turnKey, "status", "error").block();

			decide(sessionId, request, Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("no longer running"));
			assertThat(this.redis.<String, String>opsForHash()
				.get(turnKey + ":approvals", request.json().get("callId").asString())
				.block()).contains("\"status\":\"cancelled\"");
			sse.rest();
		}
		assertThat(this.guarded.calls).hasValue(0);
	}

	@Test
	void twoTurnsWithTheSameCallIdHaveTheirOwnDeadlines() {
		this.scripted.play(ScriptedModel.call("guarded", "{\"x\":1}"), ScriptedModel.call("guarded", "{\"x\":1}"),
				ScriptedModel.answer("first"), ScriptedModel.answer("second"));
		String firstSession = session();
		String secondSession = session();
		try (SseClient first = chat(firstSession)) {
			Frame firstRequest = untilApprovalRequired(first);
			String firstTurn = firstRequest.json().get("turnId").asString();
			// Still running 700 ms on (one status read then, not one every 100 ms for 700
			// ms: on a busy machine a slow first read used up the window).
			await().pollDelay(Duration.ofMillis(700))
				.atMost(Duration.ofMillis(1500))
				.until(() -> "running".equals(turnStatus(firstSession, firstTurn)));
			SseClient second = chat(secondSession);
			Frame secondRequest = untilApprovalRequired(second);
			String callId = firstRequest.json().get("callId").asString();
			assertThat(secondRequest.json().get("callId").asString()).isEqualTo(callId);
			Instant firstExpiry = Instant.parse(firstRequest.json().get("expiresAt").asString());
			Instant secondExpiry = Instant.parse(secondRequest.json().get("expiresAt").asString());
			Instant secondAnnounced = Instant.parse(secondRequest.json().get("ts").asString());
			assertThat(Duration.between(secondAnnounced, secondExpiry)).as("the second turn's own deadline")
				.isGreaterThan(Duration.ofMillis(1500));

			decide(firstSession, firstRequest, Map.of("callId", callId, "decision", "approve")).expectStatus().isOk();
			assertThat(result(first.rest()).get("result").toString()).isEqualTo("{\"x\":1}");
			decide(secondSession, secondRequest, Map.of("callId", callId, "decision", "reject")).expectStatus().isOk();
			assertThat(result(second.rest()).get("error").asString()).contains("rejected");
			second.close();
			assertThat(secondExpiry).isAfter(firstExpiry);
		}
	}

	@Test
	void badDecisionsGetProblems() {
		String sessionId = session();
		try (SseClient sse = chat(sessionId)) {
			Frame request = untilApprovalRequired(sse);
			String callId = request.json().get("callId").asString();
			decide(sessionId, request, Map.of("callId", callId, "decision", "maybe")).expectStatus().isBadRequest();
			decide(sessionId, request, Map.of("callId", callId, "decision", "edit")).expectStatus().isBadRequest();
			decide(sessionId, request, Map.of("callId", "call_nope", "decision", "approve")).expectStatus()
				.isNotFound();
			this.http.post()
				.uri("/sessions/{id}/turns/{turnId}/approvals", "00000000-0000-4000-8000-000000000000",
						request.json().get("turnId").asString())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("callId", callId, "decision", "approve"))
				.exchange()
				.expectStatus()
				.isNotFound();
			decide(sessionId, request, Map.of("callId", callId, "decision", "reject")).expectStatus().isOk();
			sse.rest();
		}
	}

	private String session() {
		return session("scripted");
	}

	private String session(String agentType) {
		return Sessions.create(this.http, Map.of("agentType", agentType)).get("sessionId").asString();
	}

	private String turnStatus(String sessionId, String turnId) {
		return this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(tools.jackson.databind.JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("status")
			.asString();
	}

	private static Message lastMessageOf(List<Message> messages) {
		return messages.get(messages.size() - 1);
	}

	private SseClient chat(String sessionId) {
		return SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat", "{\"message\":\"do it\"}");
	}

	private static Frame untilApprovalRequired(SseClient sse) {
		for (Frame frame = sse.next(); frame != null; frame = sse.next()) {
			if (frame.type().equals("approval_required")) {
				return frame;
			}
		}
		throw new AssertionError("no approval_required event");
	}

	private static tools.jackson.databind.JsonNode result(List<Frame> frames) {
		return frames.stream().filter((frame) -> frame.type().equals("tool_result")).findFirst().orElseThrow().json();
	}

	private WebTestClient.ResponseSpec decide(String sessionId, Frame request, Map<String, Object> body) {
		return this.http.post()
			.uri("/sessions/{id}/turns/{turnId}/approvals", sessionId, request.json().get("turnId").asString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
