package dev.agentserve.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What the model answered: text, the tool calls it asked for, the reasoning blocks a
 * provider needs back on the next round, and whether the answer was cut short by a
 * cancel.
 */
public record AssistantMessage(String content, List<ToolCall> toolCalls,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reasoning> reasoning,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean cancelled) implements Message {

	public AssistantMessage {
		Objects.requireNonNull(content, "content");
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		reasoning = (reasoning != null) ? List.copyOf(reasoning) : List.of();
		cancelled = Boolean.TRUE.equals(cancelled) ? Boolean.TRUE : null;
	}

	public AssistantMessage(String content, List<ToolCall> toolCalls) {
		this(content, toolCalls, List.of(), null);
	}

	public AssistantMessage(String content, List<ToolCall> toolCalls, List<Reasoning> reasoning) {
		this(content, toolCalls, reasoning, null);
	}

	/** The part of an answer streamed before the turn was cancelled. */
	public static AssistantMessage cancelled(String partial) {
		return new AssistantMessage(partial, List.of(), List.of(), Boolean.TRUE);
	}

}
