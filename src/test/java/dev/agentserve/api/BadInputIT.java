package dev.agentserve.api;

import java.util.stream.Stream;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed requests each get a specific 4xx problem, never a 500. */
class BadInputIT extends IntegrationTest {

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	private static final String MISSING = "00000000-0000-4000-8000-000000000000";

	private String sessionId;

	@BeforeEach
	void session() {
		this.sessionId = Sessions.createId(this.http);
	}

	static Stream<Arguments> badRequests() {
		String huge = "{\"agentType\":\"assistant\",\"initialContext\":{\"x\":\"" + "a".repeat(1_100_000) + "\"}}";
		return Stream.of(
				arguments("malformed JSON", "POST", "/sessions", JSON, "{\"agentType\":", 400, "Malformed JSON"),
				arguments("trailing garbage", "POST", "/sessions", JSON, "{\"agentType\":\"assistant\"} x", 400,
						"Malformed JSON"),
				arguments("missing body", "POST", "/sessions", JSON, null, 400, "request body is required"),
				arguments("JSON null body", "POST", "/sessions", JSON, "null", 400, "request body is required"),
				arguments("array body", "POST", "/sessions", JSON, "[]", 400, "must be a JSON object"),
				arguments("missing agentType", "POST", "/sessions", JSON, "{}", 400, "agentType is required"),
				arguments("blank agentType", "POST", "/sessions", JSON, "{\"agentType\":\"  \"}", 400,
						"agentType is required"),
				arguments("unknown agentType", "POST", "/sessions", JSON, "{\"agentType\":\"nope\"}", 400,
						"Known agent types: anthropic-agent, approver, assistant, "),
				arguments("agentType of wrong type", "POST", "/sessions", JSON, "{\"agentType\":[1]}", 400,
						"'agentType' must be a string"),
				arguments("ttlSeconds not a number", "POST", "/sessions", JSON,
						"{\"agentType\":\"assistant\",\"ttlSeconds\":\"soon\"}", 400,
						"'ttlSeconds' must be an integer"),
				arguments("ttlSeconds fractional", "POST", "/sessions", JSON,
						"{\"agentType\":\"assistant\",\"ttlSeconds\":1.5}", 400, "'ttlSeconds' must be an integer"),
				arguments("ttlSeconds zero", "POST", "/sessions", JSON,
						"{\"agentType\":\"assistant\",\"ttlSeconds\":0}", 400, "ttlSeconds must be between"),
				arguments("ttlSeconds above max", "POST", "/sessions", JSON,
						"{\"agentType\":\"assistant\",\"ttlSeconds\":99999999}", 400, "ttlSeconds must be between"),
				arguments("initialContext not an object", "POST", "/sessions", JSON,
						"{\"agentType\":\"assistant\",\"initialContext\":\"x\"}", 400,
						"'initialContext' must be a JSON object"),
				arguments("unknown field", "POST", "/sessions", JSON, "{\"agentType\":\"assistant\",\"ttl\":5}", 400,
						"Unknown field 'ttl'"),
				arguments("wrong content type", "POST", "/sessions", "text/plain", "hello", 415,
						"Content-Type 'text/plain' is not supported: send the body as JSON with 'Content-Type: application/json'"),
				arguments("form body", "POST", "/sessions/{id}/chat", "application/x-www-form-urlencoded", "message=hi",
						415, "send the body as JSON with 'Content-Type: application/json'"),
				arguments("body too large", "POST", "/sessions", JSON, huge, 413, "exceeds the limit"),
				arguments("unsupported method", "PUT", "/sessions", JSON, "{}", 405, "Supported methods"),
				arguments("unknown endpoint", "GET", "/nowhere", null, null, 404, "No endpoint GET /nowhere"),
				arguments("unknown session", "GET", "/sessions/" + MISSING, null, null, 404, "No session"),
				arguments("malformed session id", "GET", "/sessions/not-a-uuid", null, null, 404, "No session"),
				arguments("patch unknown session", "PATCH", "/sessions/" + MISSING, JSON, "{\"ttlSeconds\":60}", 404,
						"No session"),
				arguments("patch without ttlSeconds", "PATCH", "/sessions/{id}", JSON, "{}", 400,
						"ttlSeconds is required"),
				arguments("patch ttlSeconds negative", "PATCH", "/sessions/{id}", JSON, "{\"ttlSeconds\":-5}", 400,
						"ttlSeconds must be between"),
				arguments("history limit not a number", "GET", "/sessions/{id}/history?limit=abc", null, null, 400,
						"'limit' must be an integer"),
				arguments("history limit zero", "GET", "/sessions/{id}/history?limit=0", null, null, 400,
						"'limit' must be greater than or equal to 1"),
				arguments("history limit too large", "GET", "/sessions/{id}/history?limit=5000", null, null, 400,
						"'limit' must be less than or equal to 1000"),
				arguments("history of unknown session", "GET", "/sessions/" + MISSING + "/history", null, null, 404,
						"No session"),
				arguments("delete unknown session", "DELETE", "/sessions/" + MISSING, null, null, 404, "No session"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void badInputGetsAProblem(String name, String method, String path, @Nullable String contentType,
			@Nullable String body, int status, String detail) {
		WebTestClient.RequestBodySpec request = this.http.method(HttpMethod.valueOf(method))
			.uri(path.replace("{id}", this.sessionId));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		WebTestClient.RequestHeadersSpec<?> ready = (body != null) ? request.bodyValue(body) : request;
		JsonNode problem = ready.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("code").asString()).matches("[a-z][a-z_]*");
		assertThat(problem.get("detail").asString()).contains(detail);
		assertThat(problem.get("instance").asString()).isEqualTo(path.replace("{id}", this.sessionId).split("\\?")[0]);
	}

}
