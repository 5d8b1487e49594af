package dev.agentserve.api;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** A retried chat request with the same Idempotency-Key joins its turn. */
class IdempotencyIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aRetryWithTheSameKeyJoinsTheSameTurnInsteadOfConflicting() {
		this.scripted.play(ScriptedModel.words(8, 100));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		String firstTurn;
		try (SseClient first = SseClient.postWith(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}", Map.of("Idempotency-Key", "retry-me-1"))) {
			firstTurn = first.header("X-Turn-Id");
			first.next();
		}

		List<Frame> retried;
		String retriedTurn;
		try (SseClient retry = SseClient.postWith(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}", Map.of("Idempotency-Key", "retry-me-1"))) {
			assertThat(retry.status()).isEqualTo(200);
			retriedTurn = retry.header("X-Turn-Id");
			retried = retry.rest();
		}

		assertThat(retriedTurn).isEqualTo(firstTurn);
		assertThat(retried).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, retried.size()).boxed().toList());
		assertThat(retried.get(retried.size() - 1).type()).isEqualTo("done");
		// Only one turn ran: the history holds one user message and one answer.
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(2);
	}

	@Test
	void aDifferentKeyWhileATurnRunsStillConflicts() {
		this.scripted.play(Flux.<ModelEvent>never());
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		chat(sessionId, "key-a").expectStatus().isOk();
		chat(sessionId, "key-b").expectStatus().isEqualTo(409);
		this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isAccepted();
	}

	@Test
	void anOverlongKeyIsRejected() {
		String sessionId = Sessions.createId(this.http);
		chat(sessionId, "k".repeat(256)).expectStatus().isBadRequest();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec chat(String sessionId, String key) {
		return this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.header("Idempotency-Key", key)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "hi"))
			.exchange();
	}

}
