package dev.agentserve.memory;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;

/**
 * Counts tokens the way one model family does: exactly with its tokenizer, or by an
 * explicit estimate where none is available.
 */
public interface TokenCounter {

	/**
	 * What every message costs beyond its text (role and separators), as OpenAI's chat
	 * format counts it.
	 */
	int MESSAGE_OVERHEAD = 4;

	/** The tokens of a text. */
	int count(String text);

	/** How this counter counts: an encoding name, or {@code chars:<n>}. */
	String name();

	/** The tokens a message takes in a request: its text, tool calls and overhead. */
	default int count(Message message) {
		int tokens = count(message.content()) + MESSAGE_OVERHEAD;
		if (message instanceof AssistantMessage assistant) {
			for (var call : assistant.toolCalls()) {
				tokens += count(call.name()) + count(call.arguments().toString());
			}
		}
		return tokens;
	}

}
