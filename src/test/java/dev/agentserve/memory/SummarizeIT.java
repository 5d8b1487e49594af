package dev.agentserve.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.Message;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code memory.context: summarize}: a conversation far longer than the agent's window
 * keeps the facts of its first turns before the model, inside the token budget.
 */
class SummarizeIT extends IntegrationTest {

	/** The {@code summarizing} agent of the test profile: 400 tokens, 100 reserved. */
	private static final int BUDGET = 400 - 100;

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private Tokenizers tokenizers;

	@Autowired
	private Keyspace keys;

	@Test
	void aLongConversationKeepsItsFirstFactsWithinTheBudget() {
		String sessionId = Sessions.create(this.http, Map.of("agentType", "summarizing")).get("sessionId").asString();
		TokenCounter counter = this.tokenizers.forModel("scripted");
		this.scripted.play(ScriptedModel.answer("Nice to meet you, Ada."));
		Sessions.chat(this.http, sessionId, "My name is Ada and my cat is called Pixel.");
		ModelRequest last = null;
		for (int turn = 1; turn <= 14; turn++) {
			this.scripted.play(ScriptedModel.answer("Noted point " + turn + "."));
			Sessions.chat(this.http, sessionId,
					"Point " + turn + ": " + "the quarterly figures need another careful review. ".repeat(4));
			last = this.scripted.requests().get(0);
		}

		List<Message> messages = last.messages();
		String system = ((SystemMessage) messages.get(0)).content();
		assertThat(messages)
			.noneMatch((message) -> message.content().contains("Pixel") && message instanceof UserMessage);
		assertThat(system).contains(ConversationContext.SUMMARY_HEADING).contains("Ada").contains("Pixel");
		assertThat(messages.get(messages.size() - 1).content()).startsWith("Point 14:");
		assertThat(messages.stream().mapToInt(counter::count).sum()).isLessThanOrEqualTo(BUDGET);
		assertThat(this.redis.getExpire(this.keys.summary(sessionId)).block(Duration.ofSeconds(5))).isPositive();
	}

	@Test
	void aFailedSummaryFallsBackToTheWindowAndTheTurnAnswers() {
		String sessionId = Sessions.create(this.http, Map.of("agentType", "summarizing-broken"))
			.get("sessionId")
			.asString();
		for (int turn = 1; turn <= 8; turn++) {
			this.scripted.play(ScriptedModel.answer("Noted " + turn + "."));
			assertThat(Sessions
				.chat(this.http, sessionId, "Point " + turn + ": " + "a long and winding remark. ".repeat(6))
				.get("status")
				.asString()).isEqualTo("done");
		}
		List<Message> messages = this.scripted.requests().get(0).messages();
		assertThat(((SystemMessage) messages.get(0)).content()).doesNotContain(ConversationContext.SUMMARY_HEADING);
		assertThat(messages.get(messages.size() - 1).content()).startsWith("Point 8:");
		assertThat(messages).noneMatch((message) -> message.content().startsWith("Point 1:"));
	}

}
