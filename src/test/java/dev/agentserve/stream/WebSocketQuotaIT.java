package dev.agentserve.stream;

import java.util.Map;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket frames cost requests of the caller's quota. The properties are RateLimitIT's,
 * so both share one application context; each test starts alice's bucket afresh and
 * leaves it so.
 */
@TestPropertySource(properties = { "agentserve.limits.requests-per-minute=5",
		"agentserve.limits.tool-calls-per-session-per-minute=2",
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c" })
class WebSocketQuotaIT extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ALICE_BUCKET = TestRedis.KEY_PREFIX + "rate:5pm:user:alice";

	@BeforeEach
	@AfterEach
	void freshBucket() {
		this.redis.delete(ALICE_BUCKET).block();
	}

	@Test
	void framesOverTheQuotaAreRefusedWithARetryHintAndPersistentSendersAreClosed() throws Exception {
		String bearer = "Bearer alice-secret-key-1";
		String sessionId = Sessions
			.create(this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, bearer).build(),
					Map.of("agentType", "assistant"))
			.get("sessionId")
			.asString();
		try (RawWebSocket socket = RawWebSocket.open(baseUrl(), "/ws/" + sessionId,
				Map.of(HttpHeaders.AUTHORIZATION, bearer))) {
			// The session and the handshake took two of the five requests.
			JsonNode limited = null;
			int served = 0;
			for (int i = 0; i < 6 && limited == null; i++) {
				socket.sendText("{\"type\":\"cancel\"}");
				JsonNode reply = JSON.readTree(socket.nextText());
				if (reply.get("code").asString().equals("rate_limited")) {
					limited = reply;
				}
				else {
					assertThat(reply.get("code").asString()).isEqualTo("no_running_turn");
					served++;
				}
			}
			assertThat(served).isEqualTo(3);
			assertThat(limited).isNotNull();
			assertThat(limited.get("retryAfter").asLong()).isBetween(1L, 60L);
			assertThat(limited.get("message").asString()).startsWith("Too many requests");

			// A client that ignores the hint is closed after max-rate-limited-frames
			// (10).
			for (int i = 1; i < 10; i++) {
				socket.sendText("{\"type\":\"cancel\"}");
			}
			RawWebSocket.Closing closing = socket.readUntilClose();
			assertThat(closing.texts()).hasSize(9).allMatch((text) -> text.contains("\"code\":\"rate_limited\""));
			assertThat(closing.code()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
			assertThat(closing.reason()).startsWith("rate limit exceeded; retry in ");
		}
	}

}
