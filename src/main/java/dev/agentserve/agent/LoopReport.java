package dev.agentserve.agent;

import java.util.List;
import java.util.Objects;

import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.Message;
import org.jspecify.annotations.Nullable;

/**
 * What one turn adds to the conversation, as the loop reports it at its end.
 *
 * @param messages the messages to append to the session history, in order, already
 * acceptable to every provider (see {@link HistoryRepair}); a cancelled turn ends with
 * its partial answer marked cancelled
 * @param usage the tokens the turn used
 * @param steps the model rounds it started
 * @param cost what the tokens cost at the model's price; null when it has none
 * @param trace its model rounds and tool calls as they ended, for the turn info
 * @param traceId the trace id of the turn's span; null without tracing
 * @param runs the child runs the turn started (sub-agents, workflow tasks), each with its
 * own; empty without delegation
 */
public record LoopReport(List<Message> messages, TokenUsage usage, int steps, @Nullable Cost cost, List<TurnStep> trace,
		@Nullable String traceId, List<RunInfo> runs) {

	/** The report of a turn that failed before its loop ran. */
	public static final LoopReport NONE = new LoopReport(List.of(), TokenUsage.NONE, 0);

	public LoopReport {
		messages = List.copyOf(messages);
		Objects.requireNonNull(usage, "usage");
		if (steps < 0) {
			throw new IllegalArgumentException("steps must not be negative");
		}
		trace = List.copyOf(trace);
		runs = List.copyOf(runs);
	}

	public LoopReport(List<Message> messages, TokenUsage usage, int steps, @Nullable Cost cost, List<TurnStep> trace,
			@Nullable String traceId) {
		this(messages, usage, steps, cost, trace, traceId, List.of());
	}

	public LoopReport(List<Message> messages, TokenUsage usage, int steps) {
		this(messages, usage, steps, null, List.of(), null);
	}

}
