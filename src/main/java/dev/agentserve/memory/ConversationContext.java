package dev.agentserve.memory;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.model.Message;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.session.Session;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what a turn sends to the model: the agent's system prompt (with the session's
 * initial context), then the newest history that fits the agent's context budget.
 */
@Component
public class ConversationContext {

	private final ContextWindow window;

	private final JsonMapper json;

	ConversationContext(ContextWindow window, JsonMapper json) {
		this.window = window;
		this.json = json;
	}

	public List<Message> build(Session session, String systemPrompt, int contextTokens, List<Message> history) {
		List<Message> context = new ArrayList<>();
		String system = systemPrompt;
		if (session.initialContext() != null && !session.initialContext().isEmpty()) {
			system += "\n\nContext for this conversation (JSON): "
					+ this.json.writeValueAsString(session.initialContext());
		}
		context.add(new SystemMessage(system));
		context.addAll(this.window.fit(history, contextTokens));
		return context;
	}

}
