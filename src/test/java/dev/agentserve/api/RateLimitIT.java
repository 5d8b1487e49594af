package dev.agentserve.api;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests per user per minute, kept in Redis; health probes are never limited. */
@TestPropertySource(properties = { "agentserve.limits.requests-per-minute=5",
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c" })
class RateLimitIT extends IntegrationTest {

	@Test
	void aUserOverTheLimitGets429WithRetryAfterOthersDoNot() {
		WebTestClient alice = as("alice-secret-key-1");
		for (int i = 0; i < 5; i++) {
			alice.get().uri("/agents").exchange().expectStatus().isOk();
		}
		alice.get()
			.uri("/agents")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (value) -> assertThat(Long.parseLong(value)).isBetween(1L, 60L));
		as("bob-secret-key-2").get().uri("/agents").exchange().expectStatus().isOk();
		for (int i = 0; i < 10; i++) {
			this.http.get().uri("/health").exchange().expectStatus().isOk();
		}
	}

	private WebTestClient as(String key) {
		return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

}
