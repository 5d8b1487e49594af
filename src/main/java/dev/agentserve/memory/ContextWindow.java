package dev.agentserve.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ToolMessage;
import org.springframework.stereotype.Component;

/**
 * Chooses which history goes to the model: the newest messages that fit a token budget,
 * never starting with tool results whose call was cut off. Tokens are estimated (4
 * characters each plus a per-message overhead); it knows nothing of where the history is
 * stored.
 */
@Component
public class ContextWindow {

	static final int MESSAGE_OVERHEAD = 4;

	/**
	 * The newest messages of {@code history} (oldest first) whose estimate fits
	 * {@code budget}.
	 */
	public List<Message> fit(List<Message> history, int budget) {
		List<Message> kept = new ArrayList<>();
		int used = 0;
		for (int i = history.size() - 1; i >= 0; i--) {
			int cost = estimate(history.get(i));
			if (used + cost > budget && !kept.isEmpty()) {
				break;
			}
			kept.add(history.get(i));
			used += cost;
		}
		Collections.reverse(kept);
		while (!kept.isEmpty() && kept.get(0) instanceof ToolMessage) {
			kept.remove(0);
		}
		return kept;
	}

	static int estimate(Message message) {
		int characters = message.content().length();
		if (message instanceof AssistantMessage assistant) {
			characters += assistant.toolCalls()
				.stream()
				.mapToInt((call) -> call.name().length() + call.arguments().toString().length())
				.sum();
		}
		return characters / 4 + MESSAGE_OVERHEAD;
	}

}
