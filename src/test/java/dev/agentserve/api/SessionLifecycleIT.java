package dev.agentserve.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SessionLifecycleIT extends IntegrationTest {

	@Test
	void sessionIsCreatedReadListedExtendedAndDeleted() {
		JsonNode created = Sessions.create(this.http,
				Map.of("agentType", "assistant", "initialContext", Map.of("customer", "acme")));
		String id = created.get("sessionId").asString();
		assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(created.get("agentType").asString()).isEqualTo("assistant");
		assertThat(created.get("status").asString()).isEqualTo("active");
		assertThat(created.get("messageCount").asLong()).isZero();
		assertThat(created.get("ttlSeconds").asLong()).isEqualTo(3600);
		assertThat(created.get("initialContext").get("customer").asString()).isEqualTo("acme");
		assertThat(instant(created, "expiresAt")).isEqualTo(instant(created, "lastActive").plusSeconds(3600));

		this.http.get()
			.uri("/sessions/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sessionId")
			.isEqualTo(id)
			.jsonPath("$.createdAt")
			.isEqualTo(created.get("createdAt").asString());

		this.http.get()
			.uri("/sessions")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sessions[?(@.sessionId == '%s')].agentType".formatted(id))
			.isEqualTo("assistant");

		JsonNode extended = this.http.patch()
			.uri("/sessions/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("ttlSeconds", 7200))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(extended.get("ttlSeconds").asLong()).isEqualTo(7200);
		assertThat(instant(extended, "expiresAt")).isEqualTo(instant(extended, "lastActive").plusSeconds(7200));

		this.http.get()
			.uri("/sessions/{id}/history", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"messages\":[]}");

		this.http.delete().uri("/sessions/{id}", id).exchange().expectStatus().isNoContent();

		this.http.get()
			.uri("/sessions/{id}", id)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get().uri("/sessions/{id}/history", id).exchange().expectStatus().isNotFound();
		this.http.delete().uri("/sessions/{id}", id).exchange().expectStatus().isNotFound();
		this.http.get()
			.uri("/sessions")
			.exchange()
			.expectBody()
			.jsonPath("$.sessions[?(@.sessionId == '%s')]".formatted(id))
			.doesNotExist();
	}

	@Test
	void sessionExpiresAfterItsTtl() {
		String id = Sessions.create(this.http, Map.of("agentType", "assistant", "ttlSeconds", 1))
			.get("sessionId")
			.asString();

		// Listing is no activity (reading the session would slide its expiry), so poll
		// the list.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !this.http.get()
				.uri("/sessions")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()
				.contains(id));
		this.http.get().uri("/sessions/{id}", id).exchange().expectStatus().isNotFound();
		this.http.get().uri("/sessions/{id}/history", id).exchange().expectStatus().isNotFound();
	}

	@Test
	void activitySlidesTheExpiry() {
		String id = Sessions.create(this.http, Map.of("agentType", "assistant", "ttlSeconds", 2))
			.get("sessionId")
			.asString();

		// Reading every 300 ms keeps a 2 s session alive for 3.5 s: longer than its TTL.
		await().during(Duration.ofMillis(3500))
			.atMost(Duration.ofSeconds(6))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.http.get()
				.uri("/sessions/{id}", id)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 200);
	}

	private static Instant instant(JsonNode node, String field) {
		return Instant.parse(node.get(field).asString());
	}

}
