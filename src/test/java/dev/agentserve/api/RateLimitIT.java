package dev.agentserve.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests per user per minute, kept in Redis; health probes are never limited. */
@TestPropertySource(properties = { "agentserve.limits.requests-per-minute=5",
		"agentserve.limits.tool-calls-per-session-per-minute=2",
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c" })
class RateLimitIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

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

	@Test
	void toolCallsOverTheSessionLimitAreAnsweredWithAnError() {
		this.scripted.play(ScriptedModel.call("calculator", "{\"expression\":\"1+1\"}", "calculator",
				"{\"expression\":\"2+2\"}", "calculator", "{\"expression\":\"3+3\"}"), ScriptedModel.answer("ok"));
		WebTestClient bob = as("bob-secret-key-2");
		String sessionId = Sessions.create(bob, Map.of("agentType", "scripted")).get("sessionId").asString();

		JsonNode result = Sessions.chat(bob, sessionId, "three sums");

		List<String> errors = new ArrayList<>();
		result.get("toolCalls").forEach((call) -> {
			if (call.has("error")) {
				errors.add(call.get("error").asString());
			}
		});
		assertThat(errors).singleElement().asString().contains("tool-call limit of this session");
		assertThat(result.get("status").asString()).isEqualTo("done");
	}

	private WebTestClient as(String key) {
		return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

}
