package dev.agentserve.agent;

import java.util.List;

/** An agent type that is not configured. */
public class UnknownAgentException extends RuntimeException {

	private final List<String> known;

	public UnknownAgentException(String name, List<String> known) {
		super("Unknown agentType '" + name + "'. Known agent types: " + String.join(", ", known));
		this.known = List.copyOf(known);
	}

	public List<String> known() {
		return this.known;
	}

}
