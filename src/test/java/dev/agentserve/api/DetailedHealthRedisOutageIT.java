package dev.agentserve.api;

import dev.agentserve.support.UnreachableRedisTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health/detailed} while Redis is unreachable, with callers configured: only a
 * caller sees it, and what it sees says which check failed, never the driver's exception
 * text (hosts, ports, internals).
 */
@TestPropertySource(properties = "agentserve.security.api-keys.alice="
		+ "sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d")
class DetailedHealthRedisOutageIT extends UnreachableRedisTest {

	@Test
	void detailedHealthShowsNoExceptionTextAndOnlyToCallers() {
		String body = this.http.get()
			.uri("/health/detailed")
			.header(HttpHeaders.AUTHORIZATION, "Bearer alice-secret-key-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"status\":\"degraded\"")
			.contains("\"redis\":{\"status\":\"unhealthy\",\"error\":\"unreachable\"}")
			.doesNotContainIgnoringCase("connect")
			.doesNotContain(Integer.toString(REDIS_PORT))
			.doesNotContain("127.0.0.1")
			.doesNotContain("Exception");
		this.http.get().uri("/health/detailed").exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/health").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
	}

}
