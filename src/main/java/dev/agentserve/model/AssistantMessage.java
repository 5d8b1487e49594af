package dev.agentserve.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the model answered: text, the tool calls it asked for, and the reasoning blocks a
 * provider needs back on the next round.
 */
public record AssistantMessage(String content, List<ToolCall> toolCalls,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reasoning> reasoning) implements Message {

	public AssistantMessage {
		Objects.requireNonNull(content, "content");
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		reasoning = (reasoning != null) ? List.copyOf(reasoning) : List.of();
	}

	public AssistantMessage(String content, List<ToolCall> toolCalls) {
		this(content, toolCalls, List.of());
	}

}
