package dev.agentserve.api;

import java.time.Duration;
import java.util.List;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI 3.1 document and Swagger UI, in open mode (public like /health). */
class ApiDocsIT extends IntegrationTest {

	@Test
	void theOpenApiDocumentDescribesEveryEndpoint() {
		// Built on its first request: seconds on a loaded machine.
		JsonNode doc = this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(doc).isNotNull();
		assertThat(doc.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(doc.path("info").path("title").asString()).isEqualTo("agentserve");
		JsonNode paths = doc.path("paths");
		for (String path : List.of("/sessions", "/sessions/{id}", "/sessions/{id}/chat", "/sessions/{id}/cancel",
				"/sessions/{id}/history", "/sessions/{id}/turns/{turnId}", "/sessions/{id}/turns/{turnId}/events",
				"/sessions/{id}/turns/{turnId}/approvals", "/agents", "/tools", "/health", "/health/detailed",
				"/stream-tickets")) {
			assertThat(paths.has(path)).as(path).isTrue();
		}
		// Status codes as the API answers them, and problems as problem+json.
		assertThat(paths.path("/sessions").path("post").path("responses").has("201")).isTrue();
		assertThat(paths.path("/sessions/{id}/cancel").path("post").path("responses").has("202")).isTrue();
		JsonNode chat = paths.path("/sessions/{id}/chat").path("post");
		assertThat(chat.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
		assertThat(chat.path("responses").path("409").path("content").has("application/problem+json")).isTrue();
		assertThat(chat.path("responses").path("415").path("description").asString()).contains("application/json");
		// The caller is resolved from the security context, never a request parameter.
		assertThat(chat.path("parameters").toString()).doesNotContain("caller").doesNotContain("userId");
		// What OpenAPI has no words for: the SSE framing and the WebSocket frames.
		String description = doc.path("info").path("description").asString();
		assertThat(description).contains("no `event:` line", "`Last-Event-ID`", "/ws/{sessionId}", "approval_required",
				"{\"type\":\"resume\"");
	}

	@Test
	void swaggerUiIsServed() {
		this.http.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/swagger-ui/index.html"));
		this.http.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("swagger-ui"));
		this.http.get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("/v3/api-docs");
	}

}
