package dev.agentserve.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A session ends at its maximum duration however active it is. */
@TestPropertySource(properties = "agentserve.sessions.max-duration=2s")
class MaxDurationIT extends IntegrationTest {

	@Test
	void anActiveSessionStillEndsAtItsDeadline() {
		JsonNode created = Sessions.create(this.http, Map.of("agentType", "assistant", "ttlSeconds", 60));
		String id = created.get("sessionId").asString();
		assertThat(Instant.parse(created.get("expiresAt").asString()))
			.isEqualTo(Instant.parse(created.get("createdAt").asString()).plusSeconds(2));

		// Reading it is activity, which would slide a 60 s TTL forever; the deadline does
		// not move.
		await().atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.http.get()
				.uri("/sessions/{id}", id)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 404);
		assertThat(Duration.between(Instant.parse(created.get("createdAt").asString()), Instant.now()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
	}

}
