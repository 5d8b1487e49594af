package dev.agentserve.tool;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/** What a tool returned: any JSON value. */
public record ToolOutput(JsonNode value) {

	public ToolOutput {
		Objects.requireNonNull(value, "value");
	}

}
