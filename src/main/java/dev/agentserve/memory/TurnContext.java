package dev.agentserve.memory;

import java.util.List;

import dev.agentserve.model.Message;

/**
 * What a turn sends to the model, and the tokens building it took (the summarizer's
 * rounds; 0 when it did not run), which count as the turn's own.
 *
 * @param messages the system message, then the history that fits
 * @param inputTokens input tokens of the summarizer's rounds
 * @param outputTokens output tokens of the summarizer's rounds
 */
public record TurnContext(List<Message> messages, long inputTokens, long outputTokens) {

	public TurnContext {
		messages = List.copyOf(messages);
	}

}
