package dev.agentserve.agui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentserve.turn.EventRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one turn's events into one AG-UI run's events, keeping what AG-UI needs open
 * and closed in order: a step per model step ({@code STEP_STARTED/FINISHED}),
 * {@code thought} deltas as one reasoning message per step, {@code response} deltas as
 * one text message per step, {@code tool_call} as a complete
 * {@code TOOL_CALL_START/ARGS/END}, {@code tool_result} as {@code TOOL_CALL_RESULT}. The
 * run ends with {@code RUN_FINISHED} (success, cancelled, an interrupt for
 * {@code approval_required}, or success with the pending calls of client tools) or
 * {@code RUN_ERROR}. Events of sub-agent runs are left out: a delegation shows as its
 * tool call and result. Not thread-safe: one run, events in order.
 */
final class AgUiRun {

	private final JsonMapper json;

	private final String threadId;

	private final String runId;

	private final String turnId;

	private final Set<String> clientTools;

	/** Calls the client already has (a resumed call), not announced again. */
	private final Set<String> known;

	/** Calls the client answered itself: it has their results already. */
	private final Set<String> answered;

	private final Set<String> pendingClientCalls = new LinkedHashSet<>();

	private final Set<String> pendingServerCalls = new HashSet<>();

	private int step;

	private @Nullable String text;

	private @Nullable String reasoning;

	private long lastSeq;

	private boolean ended;

	AgUiRun(JsonMapper json, String threadId, String runId, String turnId, Set<String> clientTools, Set<String> known,
			Set<String> answered) {
		this.answered = Set.copyOf(answered);
		this.json = json;
		this.threadId = threadId;
		this.runId = runId;
		this.turnId = turnId;
		this.clientTools = Set.copyOf(clientTools);
		this.known = new HashSet<>(known);
	}

	/**
	 * {@code RUN_STARTED} (its {@code metadata} naming the session and the turn), then
	 * the session's state when it has one.
	 */
	List<ObjectNode> started(String sessionId, @Nullable Map<String, Object> state) {
		List<ObjectNode> out = new ArrayList<>();
		ObjectNode started = event("RUN_STARTED").put("threadId", this.threadId).put("runId", this.runId);
		started.putObject("metadata").put("sessionId", sessionId).put("turnId", this.turnId);
		out.add(started);
		if (state != null) {
			out.add(event("STATE_SNAPSHOT").set("snapshot", this.json.valueToTree(state)));
		}
		return out;
	}

	/** The AG-UI events of one turn event; nothing once the run has ended. */
	List<ObjectNode> on(EventRecord record) {
		List<ObjectNode> out = new ArrayList<>();
		if (this.ended) {
			return out;
		}
		this.lastSeq = record.seq();
		JsonNode event = this.json.readTree(record.json());
		if (event.hasNonNull("parentCallId")) {
			return out;
		}
		if (event.has("step")) {
			enterStep(event.path("step").asInt(), out);
		}
		switch (record.type()) {
			case "thought" -> reasoning(event.path("content").asString(""), out);
			case "response" -> text(event.path("content").asString(""), out);
			case "tool_call" -> toolCall(event, out);
			case "tool_result" -> toolResult(event, out);
			case "approval_required" -> interrupt(event, record.seq(), out);
			case "done" -> finish(out, outcome("success"), event);
			case "cancelled" -> finish(out, outcome("cancelled"), null);
			case "error" -> {
				out.add(event("RUN_ERROR").put("message", event.path("message").asString("The turn failed"))
					.put("code", event.path("code").asString("error")));
				this.ended = true;
			}
			default -> {
				// turn_started (RUN_STARTED came first) and event types AG-UI has no use
				// for
			}
		}
		return out;
	}

	boolean ended() {
		return this.ended;
	}

	/** The seq of the last turn event this run showed: where the next run continues. */
	long lastSeq() {
		return this.lastSeq;
	}

	/** Calls of client tools the run ended with, for the client to answer. */
	Set<String> pendingClientCalls() {
		return this.ended ? Set.copyOf(this.pendingClientCalls) : Set.of();
	}

	private void enterStep(int next, List<ObjectNode> out) {
		if (next == this.step) {
			return;
		}
		closeMessages(out);
		if (this.step > 0) {
			out.add(event("STEP_FINISHED").put("stepName", stepName(this.step)));
		}
		this.step = next;
		out.add(event("STEP_STARTED").put("stepName", stepName(next)));
	}

	private void reasoning(String delta, List<ObjectNode> out) {
		closeText(out);
		if (this.reasoning == null) {
			this.reasoning = this.turnId + ":reasoning:" + this.step;
			out.add(event("REASONING_START").put("messageId", this.reasoning));
			out.add(event("REASONING_MESSAGE_START").put("messageId", this.reasoning).put("role", "reasoning"));
		}
		out.add(event("REASONING_MESSAGE_CONTENT").put("messageId", this.reasoning).put("delta", delta));
	}

	private void text(String delta, List<ObjectNode> out) {
		closeReasoning(out);
		if (this.text == null) {
			this.text = this.turnId + ":text:" + this.step;
			out.add(event("TEXT_MESSAGE_START").put("messageId", this.text).put("role", "assistant"));
		}
		out.add(event("TEXT_MESSAGE_CONTENT").put("messageId", this.text).put("delta", delta));
	}

	private void toolCall(JsonNode event, List<ObjectNode> out) {
		String callId = event.path("callId").asString();
		String parent = this.text;
		closeMessages(out);
		if (!this.known.add(callId)) {
			return;
		}
		ObjectNode start = event("TOOL_CALL_START").put("toolCallId", callId)
			.put("toolCallName", event.path("tool").asString());
		if (parent != null) {
			start.put("parentMessageId", parent);
		}
		out.add(start);
		out.add(event("TOOL_CALL_ARGS").put("toolCallId", callId)
			.put("delta", this.json.writeValueAsString(event.path("args"))));
		out.add(event("TOOL_CALL_END").put("toolCallId", callId));
		if (this.clientTools.contains(event.path("tool").asString())) {
			this.pendingClientCalls.add(callId);
		}
		else {
			this.pendingServerCalls.add(callId);
		}
		waitForClient(out);
	}

	private void toolResult(JsonNode event, List<ObjectNode> out) {
		String callId = event.path("callId").asString();
		closeMessages(out);
		this.pendingServerCalls.remove(callId);
		this.pendingClientCalls.remove(callId);
		if (this.answered.contains(callId)) {
			return;
		}
		String content = event.hasNonNull("error") ? "Error: " + event.path("error").asString()
				: this.json.writeValueAsString(event.path("result"));
		out.add(event("TOOL_CALL_RESULT").put("messageId", this.turnId + ":result:" + callId)
			.put("toolCallId", callId)
			.put("content", content)
			.put("role", "tool"));
		waitForClient(out);
	}

	/**
	 * Once the server's own calls of the round have their results and a client tool's
	 * call waits, the run ends for the client to run it.
	 */
	private void waitForClient(List<ObjectNode> out) {
		if (!this.pendingClientCalls.isEmpty() && this.pendingServerCalls.isEmpty()) {
			ObjectNode outcome = outcome("success");
			outcome.putArray("pendingToolCallIds")
				.addAll(this.pendingClientCalls.stream().map(this.json.getNodeFactory()::stringNode).toList());
			finish(out, outcome, null);
		}
	}

	private void interrupt(JsonNode event, long seq, List<ObjectNode> out) {
		String callId = event.path("callId").asString();
		String tool = event.path("tool").asString();
		ObjectNode outcome = outcome("interrupt");
		ObjectNode interrupt = outcome.putArray("interrupts").addObject();
		interrupt.put("id", new Interrupts.Id(this.turnId, seq, callId).text())
			.put("reason", Interrupts.REASON)
			.put("message", "Approve, reject or edit this call of " + tool)
			.put("toolCallId", callId)
			.put("expiresAt", event.path("expiresAt").asString());
		interrupt.set("responseSchema", responseSchema());
		interrupt.putObject("metadata").put("tool", tool).set("args", event.path("args"));
		finish(out, outcome, null);
	}

	private void finish(List<ObjectNode> out, ObjectNode outcome, @Nullable JsonNode done) {
		closeMessages(out);
		if (this.step > 0) {
			out.add(event("STEP_FINISHED").put("stepName", stepName(this.step)));
		}
		ObjectNode finished = event("RUN_FINISHED").put("threadId", this.threadId).put("runId", this.runId);
		finished.set("outcome", outcome);
		if (done != null) {
			finished.putObject("result").put("turnId", this.turnId).put("response", done.path("response").asString(""));
			long input = done.path("usage").path("inputTokens").asLong(0);
			long output = done.path("usage").path("outputTokens").asLong(0);
			finished.putArray("usage")
				.addObject()
				.put("inputTokens", input)
				.put("outputTokens", output)
				.put("totalTokens", input + output);
		}
		out.add(finished);
		this.ended = true;
	}

	private void closeMessages(List<ObjectNode> out) {
		closeReasoning(out);
		closeText(out);
	}

	private void closeText(List<ObjectNode> out) {
		if (this.text != null) {
			out.add(event("TEXT_MESSAGE_END").put("messageId", this.text));
			this.text = null;
		}
	}

	private void closeReasoning(List<ObjectNode> out) {
		if (this.reasoning != null) {
			out.add(event("REASONING_MESSAGE_END").put("messageId", this.reasoning));
			out.add(event("REASONING_END").put("messageId", this.reasoning));
			this.reasoning = null;
		}
	}

	private ObjectNode outcome(String type) {
		return this.json.createObjectNode().put("type", type);
	}

	/** What a resume entry's payload may say. */
	private ObjectNode responseSchema() {
		ObjectNode schema = this.json.createObjectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		properties.putObject("decision")
			.put("type", "string")
			.putArray("enum")
			.add("approve")
			.add("reject")
			.add("edit");
		properties.putObject("args")
			.put("type", "object")
			.put("description", "the arguments to run the tool with, for edit");
		return schema;
	}

	private ObjectNode event(String type) {
		return this.json.createObjectNode().put("type", type);
	}

	private static String stepName(int step) {
		return "step " + step;
	}

}
