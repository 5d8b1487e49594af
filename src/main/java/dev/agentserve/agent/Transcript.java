package dev.agentserve.agent;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.Message;

/**
 * What one turn adds to the conversation, filled in by {@link AgentLoop} as it runs and
 * read by the turn when it ends. Confined to the turn's sequential flow.
 */
public final class Transcript {

	private final List<Message> messages = new ArrayList<>();

	private TokenUsage usage = TokenUsage.NONE;

	private int steps;

	private final StringBuilder partialResponse = new StringBuilder();

	void add(Message message) {
		this.messages.add(message);
	}

	void addUsage(TokenUsage usage) {
		this.usage = this.usage.plus(usage.inputTokens(), usage.outputTokens(), usage.reasoningTokens());
	}

	void step(int step) {
		this.steps = step;
		this.partialResponse.setLength(0);
	}

	void appendResponse(String delta) {
		this.partialResponse.append(delta);
	}

	/** The messages to append to the session history, in order. */
	public List<Message> messages() {
		return List.copyOf(this.messages);
	}

	public TokenUsage usage() {
		return this.usage;
	}

	public int steps() {
		return this.steps;
	}

	/**
	 * The answer text streamed so far in the current step (kept when a turn is cut
	 * short).
	 */
	public String partialResponse() {
		return this.partialResponse.toString();
	}

}
