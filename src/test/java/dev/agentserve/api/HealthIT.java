package dev.agentserve.api;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;

class HealthIT extends IntegrationTest {

	@Test
	void healthAnswersWithStatusAndTimestamp() {
		this.http.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("healthy")
			.jsonPath("$.timestamp")
			.isNotEmpty();
	}

	@Test
	void detailedHealthChecksRedisAndCountsSessions() {
		Sessions.createId(this.http);
		this.http.get()
			.uri("/health/detailed")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("healthy")
			.jsonPath("$.checks.redis.status")
			.isEqualTo("healthy")
			.jsonPath("$.checks.redis.latencyMs")
			.isNumber()
			.jsonPath("$.checks.llm.status")
			.isEqualTo("healthy")
			.jsonPath("$.checks.llm.models.demo")
			.isEqualTo("healthy")
			// Never reached by any round: unknown, which does not degrade the service.
			.jsonPath("$.checks.llm.endpoints.openai")
			.isEqualTo("unknown")
			.jsonPath("$.checks.llm.endpoints.anthropic")
			.isEqualTo("unknown")
			.jsonPath("$.checks.sessions.active")
			.value(greaterThanOrEqualTo(1))
			.jsonPath("$.checks.sessions.max")
			.isEqualTo(100000);
	}

	@Test
	void probesAndMetricsAreExposed() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body).contains("jvm_memory_used_bytes"));
		this.http.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

}
