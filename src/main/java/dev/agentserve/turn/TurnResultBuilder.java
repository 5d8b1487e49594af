package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import org.jspecify.annotations.Nullable;

/** Folds a turn's events into a {@link TurnResult}. */
final class TurnResultBuilder {

	private final String turnId;

	private final Map<Integer, StringBuilder> thoughts = new TreeMap<>();

	private final Map<String, TurnResult.ToolCallSummary> calls = new LinkedHashMap<>();

	private final StringBuilder partial = new StringBuilder();

	private String status = "running";

	private String response = "";

	private TokenUsage usage = TokenUsage.NONE;

	private TurnInfo.@Nullable TurnError error;

	private @Nullable Cost cost;

	TurnResultBuilder(String turnId) {
		this.turnId = turnId;
	}

	TurnResultBuilder add(TurnEvent event) {
		switch (event) {
			case TurnEvent.Thought thought ->
				this.thoughts.computeIfAbsent(thought.step(), (step) -> new StringBuilder()).append(thought.content());
			case TurnEvent.ToolCallRequested call -> this.calls.put(call.callId(),
					new TurnResult.ToolCallSummary(call.callId(), call.tool(), call.args(), null, null, null));
			case TurnEvent.ToolResult result -> {
				TurnResult.ToolCallSummary call = this.calls.get(result.callId());
				if (call != null) {
					this.calls.put(result.callId(), new TurnResult.ToolCallSummary(call.callId(), call.tool(),
							call.args(), result.result(), result.error(), result.durationMs()));
				}
			}
			case TurnEvent.Response delta -> this.partial.append(delta.content());
			case TurnEvent.Done done -> {
				this.status = "done";
				this.response = done.response();
				this.usage = done.usage();
				this.cost = done.cost();
			}
			case TurnEvent.Failed failed -> {
				this.status = "error";
				this.error = new TurnInfo.TurnError(failed.code(), failed.message());
				this.response = this.partial.toString();
			}
			case TurnEvent.Cancelled cancelled -> {
				this.status = "cancelled";
				this.response = this.partial.toString();
			}
			case TurnEvent.ApprovalRequired approval -> {
			}
			case TurnEvent.TurnStarted started -> {
			}
			// A child run's events stay in the stream; its answer is the delegation's
			// tool_result, already among toolCalls.
			case TurnEvent.Nested nested -> {
			}
			case TurnEvent.Plan plan -> {
			}
			case TurnEvent.TaskUpdate update -> {
			}
		}
		return this;
	}

	TurnResult build() {
		List<String> thoughtProcess = new ArrayList<>();
		this.thoughts.values().forEach((text) -> thoughtProcess.add(text.toString()));
		return new TurnResult(this.turnId, this.status, this.response, thoughtProcess, List.copyOf(this.calls.values()),
				this.usage, this.error, this.cost);
	}

}
