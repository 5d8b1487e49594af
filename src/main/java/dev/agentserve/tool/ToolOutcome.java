package dev.agentserve.tool;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The outcome of one tool call: exactly one of {@code result} and {@code error}. */
public record ToolOutcome(String callId, String tool, @Nullable JsonNode result, @Nullable String error,
		long durationMs) {

	public ToolOutcome {
		Objects.requireNonNull(callId, "callId");
		Objects.requireNonNull(tool, "tool");
		if ((result == null) == (error == null)) {
			throw new IllegalArgumentException("exactly one of result and error");
		}
	}

	public static ToolOutcome failure(String callId, String tool, String error, long durationMs) {
		return new ToolOutcome(callId, tool, null, error, durationMs);
	}

	public boolean failed() {
		return this.error != null;
	}

}
