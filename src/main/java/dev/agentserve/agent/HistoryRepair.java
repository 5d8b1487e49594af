package dev.agentserve.agent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolMessage;

/**
 * Keeps a turn's messages acceptable to every provider when the turn ends early: each
 * assistant message that asked for tools must be followed by a result for every call, so
 * a cut after an unanswered tool call is dropped from there on.
 */
final class HistoryRepair {

	private HistoryRepair() {
	}

	static List<Message> complete(List<Message> messages) {
		for (int i = 0; i < messages.size(); i++) {
			if (messages.get(i) instanceof AssistantMessage assistant && !assistant.toolCalls().isEmpty()
					&& !answered(assistant, messages.subList(i + 1, messages.size()))) {
				return List.copyOf(messages.subList(0, i));
			}
		}
		return messages;
	}

	private static boolean answered(AssistantMessage assistant, List<Message> rest) {
		Set<String> results = new HashSet<>();
		for (Message message : rest) {
			if (message instanceof ToolMessage tool) {
				results.add(tool.callId());
			}
			else {
				break;
			}
		}
		return assistant.toolCalls().stream().map(ToolCall::id).allMatch(results::contains);
	}

}
