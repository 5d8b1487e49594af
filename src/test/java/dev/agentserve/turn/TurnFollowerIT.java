package dev.agentserve.turn;

import java.time.Duration;

import dev.agentserve.api.Caller;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/** Following a turn's log from a cursor. */
class TurnFollowerIT extends IntegrationTest {

	@Autowired
	private TurnService turns;

	@Test
	void aFollowerAtTheEndOfAFinishedTurnEndsAtOnce() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2+2?").get("turnId").asString();
		long lastSeq = this.turns.info(sessionId, Caller.LOCAL.userId(), turnId).block().lastSeq();

		this.turns.follow(sessionId, Caller.LOCAL.userId(), turnId, lastSeq)
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(2));
		this.turns.follow(sessionId, Caller.LOCAL.userId(), turnId, lastSeq - 1)
			.as(StepVerifier::create)
			.expectNextMatches(EventRecord::terminal)
			.expectComplete()
			.verify(Duration.ofSeconds(2));
	}

	/**
	 * After a failover that lost the last events a client saw, the turn is ended (as
	 * interrupted) at a seq at or below the client's cursor: the client still gets that
	 * terminal event instead of waiting forever.
	 */
	@Test
	void aFollowerPastTheEndOfTheLogStillGetsTheTerminalEvent() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2+2?").get("turnId").asString();
		long lastSeq = this.turns.info(sessionId, Caller.LOCAL.userId(), turnId).block().lastSeq();

		this.turns.follow(sessionId, Caller.LOCAL.userId(), turnId, lastSeq + 4)
			.as(StepVerifier::create)
			.expectNextMatches((record) -> record.terminal() && record.seq() == lastSeq)
			.expectComplete()
			.verify(Duration.ofSeconds(2));
		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}/events", sessionId, turnId)
			.header("Last-Event-ID", Long.toString(lastSeq + 4))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body).contains("\"type\":\"done\""));
	}

}
