package dev.agentserve.model;

import java.util.List;
import java.util.Objects;

/** What the model answered: text, and the tool calls it asked for, if any. */
public record AssistantMessage(String content, List<ToolCall> toolCalls) implements Message {

	public AssistantMessage {
		Objects.requireNonNull(content, "content");
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
	}

}
