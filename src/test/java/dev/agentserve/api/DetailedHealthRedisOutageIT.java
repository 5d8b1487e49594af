package dev.agentserve.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health/detailed} while Redis is unreachable, with callers configured: only a
 * caller sees it, and what it sees says which check failed, never the driver's exception
 * text (hosts, ports, internals).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "agentserve.security.api-keys.alice="
		+ "sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d")
class DetailedHealthRedisOutageIT {

	private static final int REDIS_PORT = freePort();

	@LocalServerPort
	private int port;

	private WebTestClient http;

	@DynamicPropertySource
	static void unreachableRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + REDIS_PORT);
		registry.add("spring.data.redis.connect-timeout", () -> "500ms");
		registry.add("spring.data.redis.timeout", () -> "1s");
	}

	@BeforeEach
	void client() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
