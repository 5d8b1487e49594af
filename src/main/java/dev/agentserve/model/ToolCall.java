package dev.agentserve.model;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/** A tool call the model asked for, with its complete arguments. */
public record ToolCall(String id, String name, JsonNode arguments) {

	public ToolCall {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(arguments, "arguments");
	}

}
