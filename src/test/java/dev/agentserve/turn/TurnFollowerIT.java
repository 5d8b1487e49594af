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
	void aFollowerAtOrPastTheEndOfAFinishedTurnEndsAtOnce() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2+2?").get("turnId").asString();
		long lastSeq = this.turns.info(sessionId, Caller.LOCAL.userId(), turnId).block().lastSeq();

		for (long cursor : new long[] { lastSeq, lastSeq + 4 }) {
			this.turns.follow(sessionId, Caller.LOCAL.userId(), turnId, cursor)
				.as(StepVerifier::create)
				.expectComplete()
				.verify(Duration.ofSeconds(2));
		}
		this.turns.follow(sessionId, Caller.LOCAL.userId(), turnId, lastSeq - 1)
			.as(StepVerifier::create)
			.expectNextMatches(EventRecord::terminal)
			.expectComplete()
			.verify(Duration.ofSeconds(2));
	}

}
