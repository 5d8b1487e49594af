package dev.agentserve.memory;

import java.util.List;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ContextWindowTests {

	private final ContextWindow window = new ContextWindow();

	@Test
	void keepsTheNewestMessagesThatFit() {
		List<Message> history = List.of(new UserMessage("a".repeat(400)), new UserMessage("b".repeat(40)),
				new UserMessage("c".repeat(40)));

		assertThat(this.window.fit(history, 40)).containsExactly(history.get(1), history.get(2));
		assertThat(this.window.fit(history, 10_000)).isEqualTo(history);
	}

	@Test
	void neverStartsWithToolResultsWhoseCallWasCut() {
		AssistantMessage call = new AssistantMessage("", List
			.of(new ToolCall("c1", "calculator", JsonNodeFactory.instance.objectNode().put("x", "y".repeat(400)))));
		List<Message> history = List.of(new UserMessage("q"), call, new ToolMessage("c1", "calculator", "1", false),
				new AssistantMessage("one", List.of()));

		assertThat(this.window.fit(history, 20)).containsExactly(new AssistantMessage("one", List.of()));
	}

	@Test
	void alwaysKeepsTheNewestMessage() {
		UserMessage big = new UserMessage("x".repeat(10_000));
		assertThat(this.window.fit(List.of(big), 10)).containsExactly(big);
	}

}
