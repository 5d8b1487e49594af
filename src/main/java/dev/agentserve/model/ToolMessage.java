package dev.agentserve.model;

import java.util.Objects;

/** The outcome of one tool call, fed back to the model. */
public record ToolMessage(String callId, String name, String content, boolean error) implements Message {

	public ToolMessage {
		Objects.requireNonNull(callId, "callId");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(content, "content");
	}

}
