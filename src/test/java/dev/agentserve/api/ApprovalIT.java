package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import dev.agentserve.tool.TestTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

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
			assertThat(result(sse.rest()).get("result").toString()).isEqualTo("{\"x\":2}");
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
		return Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
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
