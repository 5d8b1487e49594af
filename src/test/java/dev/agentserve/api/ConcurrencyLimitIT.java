package dev.agentserve.api;

import java.time.Duration;
import java.util.Map;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Running turns are limited per user and for the whole deployment, across replicas. */
@TestPropertySource(properties = { "agentserve.turns.max-concurrent-per-user=1",
		"agentserve.turns.max-concurrent-total=2",
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.api-keys.carol=sha256:c9703fa4d5b06d6ffcbbb34645454a6c153e2cb0fc565773192e45ceb544070a" })
class ConcurrencyLimitIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private Keyspace keys;

	@Test
	void aUserOverTheirLimitAndAServiceAtItsLimitAnswer429() {
		this.scripted.play(Flux.<ModelEvent>never(), Flux.<ModelEvent>never(), Flux.<ModelEvent>never());
		WebTestClient alice = as("alice-secret-key-1");
		WebTestClient bob = as("bob-secret-key-2");
		WebTestClient carol = as("carol-secret-key-3");
		String aliceFirst = session(alice);
		String aliceSecond = session(alice);
		String bobs = session(bob);
		String carols = session(carol);
		try {
			chat(alice, aliceFirst).expectStatus().isOk();
			chat(alice, aliceSecond).expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("max-concurrent-per-user"));
			chat(bob, bobs).expectStatus().isOk();
			chat(carol, carols).expectStatus()
				.isEqualTo(429)
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("max-concurrent-total"));
		}
		finally {
			alice.post().uri("/sessions/{id}/cancel", aliceFirst).exchange();
			bob.post().uri("/sessions/{id}/cancel", bobs).exchange();
			awaitNothingRunning("alice", "bob");
		}
	}

	@Test
	void aChatRefusedAtAdmissionGivesItsPlaceBack() {
		this.scripted.play(Flux.<ModelEvent>never());
		WebTestClient alice = as("alice-secret-key-1");
		WebTestClient bob = as("bob-secret-key-2");
		String alices = session(alice);
		String bobs = session(bob);
		try {
			// Each takes a place among alice's running turns while her session is read,
			// and must give it back when the session turns out missing or not hers.
			chat(alice, "00000000-0000-4000-8000-000000000000").expectStatus().isNotFound();
			chat(alice, bobs).expectStatus().isNotFound();
			alice.post()
				.uri("/sessions/{id}/chat", alices)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("message", " "))
				.exchange()
				.expectStatus()
				.isBadRequest();
			chat(alice, alices).expectStatus().isOk();
		}
		finally {
			alice.post().uri("/sessions/{id}/cancel", alices).exchange();
			awaitNothingRunning("alice");
		}
	}

	/** The cancelled turns have ended, so the next test starts with every place free. */
	private void awaitNothingRunning(String... users) {
		for (String user : users) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.redis.opsForZSet().size(this.keys.userRunningTurns(user)).block() == 0);
		}
	}

	private WebTestClient as(String key) {
		return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

	private static String session(WebTestClient client) {
		return dev.agentserve.support.Sessions.create(client, Map.of("agentType", "scripted"))
			.get("sessionId")
			.asString();
	}

	private static WebTestClient.ResponseSpec chat(WebTestClient client, String sessionId) {
		return client.post()
			.uri("/sessions/{id}/chat", sessionId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "wait"))
			.exchange();
	}

}
