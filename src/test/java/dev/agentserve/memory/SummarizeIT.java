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
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

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

	@Test
	void deletingASessionDeletesItsSummary() {
		String sessionId = sessionWithSummary();

		this.http.delete().uri("/sessions/{id}", sessionId).exchange().expectStatus().isNoContent();

		assertThat(this.redis.hasKey(this.keys.summary(sessionId)).block(Duration.ofSeconds(5))).isFalse();
	}

	@Test
	void theSummaryNeverOutlivesItsSession() {
		String sessionId = sessionWithSummary();

		this.http.patch()
			.uri("/sessions/{id}", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("ttlSeconds", 60))
			.exchange()
			.expectStatus()
			.isOk();

		// The session first: both expire at one moment, so the summary, read later, has
		// no more left.
		long session = pttl(this.keys.meta(sessionId));
		assertThat(pttl(this.keys.summary(sessionId))).isPositive().isLessThanOrEqualTo(session);
		assertThat(session).isLessThanOrEqualTo(60_000);
	}

	@Test
	void aTurnThatWritesNoSummarySlidesItWithTheSession() {
		// The broken summarizer never writes one: a summary stored earlier (here, by
		// hand,
		// about to expire) is kept alive only by the turns sliding it with the session.
		String sessionId = Sessions.create(this.http, Map.of("agentType", "summarizing-broken"))
			.get("sessionId")
			.asString();
		String summary = this.keys.summary(sessionId);
		this.redis.<String, String>opsForHash()
			.putAll(summary, Map.of("text", "The user is Ada.", "through", ""))
			.then(this.redis.expire(summary, Duration.ofSeconds(30)))
			.block(Duration.ofSeconds(5));

		this.scripted.play(ScriptedModel.answer("Hello."));
		Sessions.chat(this.http, sessionId, "Hi.");

		long session = pttl(this.keys.meta(sessionId));
		assertThat(pttl(summary)).isGreaterThan(30_000).isLessThanOrEqualTo(session);
	}

	@Test
	void theSummarizersTokensCountInTheTurnsUsage() {
		String sessionId = Sessions.create(this.http, Map.of("agentType", "summarizing")).get("sessionId").asString();
		JsonNode answer = null;
		for (int turn = 1; turn <= 14 && pttl(this.keys.summary(sessionId)) < 0; turn++) {
			// Before the summary, a turn's usage is its one scripted round: 10 in, 5 out.
			if (answer != null) {
				assertThat(answer.get("usage").get("inputTokens").asLong()).isEqualTo(10);
			}
			this.scripted.play(ScriptedModel.answer("Noted point " + turn + "."));
			answer = Sessions.chat(this.http, sessionId,
					"Point " + turn + ": " + "the quarterly figures need another careful review. ".repeat(4));
		}
		assertThat(pttl(this.keys.summary(sessionId))).isPositive();

		// The turn that wrote the summary also spent the demo summarizer's round on it.
		assertThat(answer.get("usage").get("inputTokens").asLong()).isGreaterThan(10 + 50);
		assertThat(answer.get("usage").get("outputTokens").asLong()).isGreaterThan(5);
	}

	/** A {@code summarizing} session whose conversation has outgrown the window. */
	private String sessionWithSummary() {
		String sessionId = Sessions.create(this.http, Map.of("agentType", "summarizing")).get("sessionId").asString();
		for (int turn = 1; turn <= 14 && pttl(this.keys.summary(sessionId)) < 0; turn++) {
			this.scripted.play(ScriptedModel.answer("Noted point " + turn + "."));
			Sessions.chat(this.http, sessionId,
					"Point " + turn + ": " + "the quarterly figures need another careful review. ".repeat(4));
		}
		assertThat(pttl(this.keys.summary(sessionId))).isPositive();
		return sessionId;
	}

	private long pttl(String key) {
		return this.redis.getExpire(key).map(Duration::toMillis).defaultIfEmpty(-2L).block(Duration.ofSeconds(5));
	}

}
