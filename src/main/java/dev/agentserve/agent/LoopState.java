package dev.agentserve.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.agentserve.model.Message;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ModelRegistry.ResolvedModel;
import dev.agentserve.model.ToolDefinition;
import tools.jackson.databind.JsonNode;

/** The mutable state of one running turn, confined to its sequential flow. */
final class LoopState {

	final AgentRun run;

	final ResolvedModel model;

	final List<ToolDefinition> tools;

	final List<Message> messages;

	final Clock clock;

	final long startMillis;

	final TurnDeadline deadline;

	private final Set<CallSignature> seenCalls = new HashSet<>();

	int step;

	int repeatedCalls;

	volatile boolean finished;

	final boolean textMode;

	LoopState(AgentRun run, ResolvedModel model, List<ToolDefinition> tools, Clock clock) {
		this.run = run;
		this.clock = clock;
		this.startMillis = clock.millis();
		this.deadline = new TurnDeadline(clock, run.spec().turnTimeout());
		this.model = model;
		this.tools = tools;
		this.messages = new ArrayList<>(run.context());
		this.textMode = run.spec().toolCalling() == ToolCalling.TEXT;
	}

	/**
	 * Appends the text protocol's instructions to the system message (for this turn
	 * only).
	 */
	void teach(String instructions) {
		if (!this.messages.isEmpty() && this.messages.get(0) instanceof SystemMessage system) {
			this.messages.set(0, new SystemMessage(system.content() + instructions));
		}
		else {
			this.messages.add(0, new SystemMessage(instructions.strip()));
		}
	}

	/**
	 * Records a call; false when the same tool was already called with the same
	 * arguments.
	 */
	boolean firstTime(String tool, JsonNode arguments) {
		return this.seenCalls.add(new CallSignature(tool, arguments));
	}

	/** Wall-clock time since the turn started, approval waits included. */
	long elapsedMillis() {
		return this.clock.millis() - this.startMillis;
	}

	void add(Message message) {
		this.messages.add(message);
		this.run.transcript().add(message);
	}

	/**
	 * JsonNode equality ignores property order, so {"a":1,"b":2} repeats {"b":2,"a":1}.
	 */
	private record CallSignature(String tool, JsonNode arguments) {
	}

}
