package dev.agentserve.event;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventCodecTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final EventCodec codec = new EventCodec(this.json);

	private final List<TurnEvent> events = List.of(new TurnEvent.TurnStarted("assistant", "What is \"6*7\"?\n"),
			new TurnEvent.Thought(1, "I should use the calculator"),
			new TurnEvent.ToolCallRequested(1, "call-1", "calculator", this.json.readTree("{\"expression\":\"6*7\"}")),
			new TurnEvent.Response(2, "42"), new TurnEvent.Cancelled("cancelled by request"),
			new TurnEvent.Failed(ErrorCodes.INTERRUPTED, "The replica running the turn stopped"));

	@Test
	void theStoredBodyLeavesOutTheTypeAndTheEnvelope() {
		String body = this.codec.body(new TurnEvent.Response(2, "42"));

		assertThat(this.json.readTree(body).propertyNames()).containsExactly("step", "content");
	}

	@Test
	void theWireFormIsTheEnvelopeThenTheBodyAndDecodesToTheSameEvent() {
		long millis = Instant.parse("2026-11-21T12:00:00.123Z").toEpochMilli();
		for (TurnEvent event : this.events) {
			String wire = this.codec.wire("s-1", "t-1", 7, millis, event.type(), this.codec.body(event));

			JsonNode node = this.json.readTree(wire);
			assertThat(node.propertyNames()).startsWith("type", "sessionId", "turnId", "seq", "ts");
			assertThat(node.get("type").asString()).isEqualTo(event.type());
			assertThat(node.get("seq").asLong()).isEqualTo(7);
			assertThat(node.get("ts").asString()).isEqualTo("2026-11-21T12:00:00.123Z");
			assertThat(this.codec.decode(wire)).isEqualTo(event);
			assertThat(this.codec.encode("s-1", "t-1", 7, Instant.ofEpochMilli(millis), event)).isEqualTo(wire);
		}
	}

	@Test
	void aChildRunsEventIsItsOwnEventWithAgentAndParentCallIdAddedLast() {
		TurnEvent.ToolCallRequested call = new TurnEvent.ToolCallRequested(1, "call-2", "calculator",
				this.json.readTree("{\"expression\":\"6*7\"}"));
		TurnEvent nested = new TurnEvent.Nested("assistant/researcher", "call-1", call);
		long millis = Instant.parse("2026-11-21T12:00:00.123Z").toEpochMilli();

		String wire = this.codec.wire("s-1", "t-1", 9, millis, nested.type(), this.codec.body(nested));

		assertThat(nested.type()).isEqualTo("tool_call");
		assertThat(nested.terminal()).isFalse();
		assertThat(this.json.readTree(wire).propertyNames()).containsExactly("type", "sessionId", "turnId", "seq", "ts",
				"step", "callId", "tool", "args", "agent", "parentCallId");
		assertThat(this.json.readTree(wire).get("agent").asString()).isEqualTo("assistant/researcher");
		assertThat(this.codec.decode(wire)).isEqualTo(nested);
		assertThat(this.codec.body(call)).doesNotContain("agent");
	}

	@Test
	void planAndTaskUpdateEventsRoundTrip() {
		List<TurnEvent> workflow = List.of(
				new TurnEvent.Plan(
						List.of(new TurnEvent.PlanTask("t1", "researcher", "What is 2+3?", List.of(), "pending"),
								new TurnEvent.PlanTask("t2", "researcher", "Sum up", List.of("t1"), "pending"))),
				new TurnEvent.TaskUpdate("t1", "running", 1));
		for (TurnEvent event : workflow) {
			String wire = this.codec.encode("s-1", "t-1", 3, Instant.EPOCH, event);

			assertThat(this.codec.decode(wire)).isEqualTo(event);
		}
		assertThat(this.codec.body(workflow.get(1)))
			.isEqualTo("{\"taskId\":\"t1\",\"status\":\"running\",\"attempt\":1}");
		assertThat(this.json.readTree(this.codec.body(workflow.get(0))).get("tasks").get(1).propertyNames())
			.containsExactly("taskId", "agent", "task", "dependsOn", "status");
	}

	@Test
	void aToolResultIsMarkedCachedOnlyWhenItCameFromTheCache() {
		JsonNode result = this.json.readTree("{\"result\":42}");
		String fresh = this.codec.body(new TurnEvent.ToolResult(1, "c1", "calculator", result, null, 3));
		TurnEvent.ToolResult hit = new TurnEvent.ToolResult(1, "c1", "calculator", result, null, 0, true);
		String cached = this.codec.body(hit);

		assertThat(this.json.readTree(fresh).has("cached")).isFalse();
		assertThat(this.json.readTree(cached).get("cached").asBoolean()).isTrue();
		long millis = Instant.parse("2026-11-21T12:00:00.123Z").toEpochMilli();
		assertThat(this.codec.decode(this.codec.wire("s-1", "t-1", 3, millis, hit.type(), cached))).isEqualTo(hit);
	}

}
