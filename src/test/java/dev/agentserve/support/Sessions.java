package dev.agentserve.support;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
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

	/**
	 * Starts a streamed turn and answers once it is accepted (200), without reading its
	 * events: the turn goes on running (a scripted model that never answers keeps it so).
	 */
	public static void startTurn(WebTestClient http, String sessionId, String message) {
		http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", message))
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** Asks for a session of the {@code assistant} agent; whatever the answer. */
	public static EntityExchangeResult<JsonNode> tryCreate(WebTestClient http) {
		return http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant"))
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult();
	}

	public static String createId(WebTestClient http) {
		return create(http, Map.of("agentType", "assistant")).get("sessionId").asString();
	}

}
