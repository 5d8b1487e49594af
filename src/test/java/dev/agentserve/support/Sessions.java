package dev.agentserve.support;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Test helpers around the session API. */
public final class Sessions {

	private Sessions() {
	}

	/**
	 * Creates a session of the configured {@code assistant} agent and returns its JSON.
	 */
	public static JsonNode create(WebTestClient http, Map<String, Object> body) {
		return http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** Runs a turn with {@code "stream": false} and returns its JSON answer. */
	public static JsonNode chat(WebTestClient http, String sessionId, String message) {
		return http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", message, "stream", false))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	public static String createId(WebTestClient http) {
		return create(http, Map.of("agentType", "assistant")).get("sessionId").asString();
	}

}
