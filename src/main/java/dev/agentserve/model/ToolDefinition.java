package dev.agentserve.model;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/** A tool as a model sees it: name, description and JSON Schema of its arguments. */
public record ToolDefinition(String name, String description, JsonNode parameters) {

	public ToolDefinition {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(parameters, "parameters");
	}

}
