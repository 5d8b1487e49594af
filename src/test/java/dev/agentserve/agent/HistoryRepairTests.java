package dev.agentserve.agent;

import java.util.List;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryRepairTests {

	private static final AssistantMessage CALLS = new AssistantMessage("",
			List.of(new ToolCall("a", "t", JsonNodeFactory.instance.objectNode()),
					new ToolCall("b", "t", JsonNodeFactory.instance.objectNode())));

	@Test
	void keepsAnsweredToolCalls() {
		List<Message> messages = List.of(CALLS, new ToolMessage("a", "t", "1", false),
				new ToolMessage("b", "t", "2", false), new AssistantMessage("done", List.of()));
		assertThat(HistoryRepair.complete(messages)).isEqualTo(messages);
	}

	@Test
	void dropsToolCallsWithoutEveryResult() {
		AssistantMessage first = new AssistantMessage("x", List.of());
		List<Message> messages = List.of(first, CALLS, new ToolMessage("a", "t", "1", false));
		assertThat(HistoryRepair.complete(messages)).containsExactly(first);
	}

}
