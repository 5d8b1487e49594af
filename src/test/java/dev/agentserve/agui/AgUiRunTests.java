package dev.agentserve.agui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentserve.turn.EventRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** How one turn's events become one AG-UI run's events. */
class AgUiRunTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private long seq;

	@Test
	void everyMessageAndStepIsClosedBeforeTheNextAndBeforeTheEnd() {
		AgUiRun run = new AgUiRun(JSON, "t", "r", "turn", Set.of(), Set.of(), Set.of());
		List<ObjectNode> events = new ArrayList<>(run.started("sid", Map.of("plan", "pro")));
		events.addAll(feed(run, "turn_started", "{\"agentType\":\"a\",\"message\":\"m\"}", "thought",
				"{\"step\":1,\"content\":\"hmm\"}", "response", "{\"step\":1,\"content\":\"Let me \"}", "tool_call",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"calculator\",\"args\":{\"expression\":\"1+1\"}}",
				"tool_result",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"calculator\",\"result\":{\"result\":2},\"durationMs\":1}",
				"response", "{\"step\":2,\"content\":\"2\"}", "done",
				"{\"response\":\"2\",\"steps\":2,\"usage\":{\"inputTokens\":3,\"outputTokens\":4},\"durationMs\":9}"));

		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("RUN_STARTED", "STATE_SNAPSHOT", "STEP_STARTED", "REASONING_START",
					"REASONING_MESSAGE_START", "REASONING_MESSAGE_CONTENT", "REASONING_MESSAGE_END", "REASONING_END",
					"TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "TOOL_CALL_START",
					"TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT", "STEP_FINISHED", "STEP_STARTED",
					"TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "STEP_FINISHED", "RUN_FINISHED");
		assertThat(events.get(0).get("metadata").get("turnId").asString()).isEqualTo("turn");
		assertThat(events.get(11).get("parentMessageId").asString()).isEqualTo("turn:text:1");
		assertThat(events.get(12).get("delta").asString()).isEqualTo("{\"expression\":\"1+1\"}");
		assertThat(events.get(14).get("content").asString()).isEqualTo("{\"result\":2}");
		ObjectNode finished = events.get(events.size() - 1);
		assertThat(finished.get("usage").get(0).get("totalTokens").asInt()).isEqualTo(7);
		assertThat(finished.get("result").get("turnId").asString()).isEqualTo("turn");
		assertThat(run.ended()).isTrue();
		assertThat(run.on(record("response", "{\"step\":3,\"content\":\"late\"}"))).isEmpty();
	}

	@Test
	void anApprovalEndsTheRunWithAnInterruptThatNamesWhereToResume() {
		AgUiRun run = new AgUiRun(JSON, "t", "r", "turn", Set.of(), Set.of(), Set.of());
		List<ObjectNode> events = feed(run, "tool_call",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"guarded\",\"args\":{}}", "approval_required",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"guarded\",\"args\":{},\"expiresAt\":\"2026-01-01T00:00:00Z\"}");

		ObjectNode interrupt = (ObjectNode) events.get(events.size() - 1).get("outcome").get("interrupts").get(0);
		assertThat(interrupt.get("id").asString()).isEqualTo("approval:turn:2:c1");
		assertThat(Interrupts.parse(interrupt.get("id").asString())).isEqualTo(new Interrupts.Id("turn", 2, "c1"));
	}

	@Test
	void aResumedRunDoesNotAnnounceTheResumedCallAgainNorEchoTheClientsOwnResults() {
		AgUiRun resumed = new AgUiRun(JSON, "t", "r2", "turn", Set.of("pick"), Set.of("c1"), Set.of("c2"));
		List<ObjectNode> events = feed(resumed, "tool_call",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"guarded\",\"args\":{\"x\":1}}", "tool_result",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"guarded\",\"result\":\"ok\",\"durationMs\":1}", "tool_result",
				"{\"step\":1,\"callId\":\"c2\",\"tool\":\"pick\",\"result\":\"blue\",\"durationMs\":1}");

		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("STEP_STARTED", "TOOL_CALL_RESULT");
	}

	@Test
	void aClientToolCallEndsTheRunOnceTheServersCallsHaveTheirResults() {
		AgUiRun run = new AgUiRun(JSON, "t", "r", "turn", Set.of("pick"), Set.of(), Set.of());
		List<ObjectNode> events = feed(run, "tool_call",
				"{\"step\":1,\"callId\":\"s1\",\"tool\":\"calculator\",\"args\":{}}", "tool_call",
				"{\"step\":1,\"callId\":\"c1\",\"tool\":\"pick\",\"args\":{}}");
		assertThat(run.ended()).isFalse();

		events.addAll(feed(run, "tool_result",
				"{\"step\":1,\"callId\":\"s1\",\"tool\":\"calculator\",\"result\":1,\"durationMs\":1}"));

		ObjectNode finished = events.get(events.size() - 1);
		assertThat(finished.get("outcome").get("pendingToolCallIds").get(0).asString()).isEqualTo("c1");
		assertThat(run.pendingClientCalls()).containsExactly("c1");
		assertThat(run.lastSeq()).isEqualTo(3);
	}

	@Test
	void aFailedTurnIsARunErrorAndSubAgentEventsAreLeftOut() {
		AgUiRun run = new AgUiRun(JSON, "t", "r", "turn", Set.of(), Set.of(), Set.of());
		List<ObjectNode> events = feed(run, "response",
				"{\"step\":1,\"content\":\"x\",\"agent\":\"a/researcher\",\"parentCallId\":\"d1\"}", "error",
				"{\"code\":\"timeout\",\"message\":\"too slow\"}");

		assertThat(events).extracting((event) -> event.get("type").asString()).containsExactly("RUN_ERROR");
		assertThat(events.get(0).get("code").asString()).isEqualTo("timeout");
	}

	private List<ObjectNode> feed(AgUiRun run, String... typesAndBodies) {
		List<ObjectNode> events = new ArrayList<>();
		for (int i = 0; i < typesAndBodies.length; i += 2) {
			events.addAll(run.on(record(typesAndBodies[i], typesAndBodies[i + 1])));
		}
		return events;
	}

	private EventRecord record(String type, String body) {
		ObjectNode json = (ObjectNode) JSON.readTree(body);
		json.put("type", type).put("seq", ++this.seq);
		return new EventRecord(this.seq, type, JSON.writeValueAsString(json));
	}

}
