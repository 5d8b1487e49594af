package dev.agentserve.memory;

import java.util.List;

import dev.agentserve.model.Message;
import dev.agentserve.model.ToolMessage;
import org.springframework.stereotype.Component;

/**
 * Chooses which history goes to the model: the newest messages that fit a token budget,
 * never starting with tool results whose call was cut off. Tokens are counted by the
 * model's {@link TokenCounter}; it knows nothing of where the history is stored.
 */
@Component
public class ContextWindow {

	static final int MESSAGE_OVERHEAD = TokenCounter.MESSAGE_OVERHEAD;

	private static final TokenCounter ESTIMATE = new Tokenizers.EstimatedTokens(4);

	/**
	 * The newest messages of {@code history} (oldest first) whose estimate (4 characters
	 * a token) fits {@code budget}.
	 */
	public List<Message> fit(List<Message> history, int budget) {
		return fit(history, budget, ESTIMATE);
	}

	/** The newest messages of {@code history} (oldest first) that fit {@code budget}. */
	public List<Message> fit(List<Message> history, int budget, TokenCounter counter) {
		return history.subList(start(history, budget, counter), history.size());
	}

	/**
	 * The index of the first message of {@code history} that goes to the model: the
	 * newest messages fit {@code budget} (the last one always goes), and the window never
	 * starts with a tool result.
	 */
	int start(List<Message> history, int budget, TokenCounter counter) {
		int used = 0;
		int start = history.size();
		for (int i = history.size() - 1; i >= 0; i--) {
			int cost = counter.count(history.get(i));
			if (used + cost > budget && start < history.size()) {
				break;
			}
			start = i;
			used += cost;
		}
		while (start < history.size() && history.get(start) instanceof ToolMessage) {
			start++;
		}
		return start;
	}

}
