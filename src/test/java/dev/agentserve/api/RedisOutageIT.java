package dev.agentserve.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.agentserve.config.EmbeddedRedis;
import dev.agentserve.support.UnreachableRedisTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.awaitility.Awaitility.await;

/**
 * The service starts and stays alive without Redis, and recovers by itself when Redis
 * returns.
 */
class RedisOutageIT extends UnreachableRedisTest {

	private static EmbeddedRedis redis;

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.stop();
		}
	}

	@Test
	void readinessFollowsRedisWhileLivenessStaysUp() throws IOException {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DOWN");
		this.http.get().uri("/health").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/health/detailed")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("degraded")
			.jsonPath("$.checks.redis.status")
			.isEqualTo("unhealthy");
		this.http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		redis = EmbeddedRedis.startOn(REDIS_PORT);

		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
		this.http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
