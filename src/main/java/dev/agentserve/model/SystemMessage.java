package dev.agentserve.model;

import java.util.Objects;

/** Instructions from the agent's definition. */
public record SystemMessage(String content) implements Message {

	public SystemMessage {
		Objects.requireNonNull(content, "content");
	}

}
