package dev.agentserve.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.WebSocketProbe;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API keys: who may call, and that a session is invisible to everyone but its creator.
 */
@TestPropertySource(properties = {
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.ticket-reconnect-window=" + AuthIT.RECONNECT_WINDOW_SECONDS + "s" })
class AuthIT extends IntegrationTest {

	private static final String ALICE = "alice-secret-key-1";

	private static final String BOB = "bob-secret-key-2";

	private static final String MISSING = "00000000-0000-4000-8000-000000000000";

	static final int RECONNECT_WINDOW_SECONDS = 5;

	@Test
	void everyEndpointButHealthNeedsAValidKey() {
		for (String path : List.of("/sessions", "/agents", "/tools", "/actuator/prometheus", "/v3/api-docs",
				"/swagger-ui/index.html")) {
			unauthorized(this.http.get().uri(path));
			unauthorized(this.http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer wrong-key"));
			// The API document is built on its first request: seconds on a loaded
			// machine.
			this.http.mutate()
				.responseTimeout(Duration.ofSeconds(30))
				.build()
				.get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
				.exchange()
				.expectStatus()
				.isOk();
		}
		unauthorized(this.http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant")));
		this.http.get().uri("/health").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void everyDataEndpointRefusesMissingAndWrongKeys() {
		String id = MISSING;
		List<Request> requests = List.of(new Request(HttpMethod.GET, "/sessions", null),
				new Request(HttpMethod.POST, "/sessions", "{\"agentType\":\"assistant\"}"),
				new Request(HttpMethod.GET, "/sessions/%s", null),
				new Request(HttpMethod.PATCH, "/sessions/%s", "{\"ttlSeconds\":60}"),
				new Request(HttpMethod.DELETE, "/sessions/%s", null),
				new Request(HttpMethod.GET, "/sessions/%s/history", null),
				new Request(HttpMethod.POST, "/sessions/%s/chat", "{\"message\":\"hi\"}"),
				new Request(HttpMethod.GET, "/sessions/%s/chat?message=hi", null),
				new Request(HttpMethod.GET, "/sessions/%s/turns/" + id, null),
				new Request(HttpMethod.GET, "/sessions/%s/turns/" + id + "/events", null),
				new Request(HttpMethod.POST, "/sessions/%s/cancel", null),
				new Request(HttpMethod.POST, "/sessions/%s/turns/" + id + "/approvals",
						"{\"callId\":\"c\",\"decision\":\"approve\"}"),
				new Request(HttpMethod.POST, "/stream-tickets", null), new Request(HttpMethod.GET, "/agents", null),
				new Request(HttpMethod.GET, "/tools", null), new Request(HttpMethod.GET, "/ws/%s", null));
		for (Request request : requests) {
			for (WebTestClient client : List.of(this.http, as("not-a-key"), as("a.b.c"))) {
				JsonNode problem = request.send(client, id);
				assertThat(problem.get("status").asInt()).as(request.method() + " " + request.path()).isEqualTo(401);
			}
			JsonNode answer = request.send(as(ALICE), id);
			assertThat(answer != null && answer.path("status").isInt() && answer.path("status").asInt() == 401)
				.as("%s %s with a valid key", request.method(), request.path())
				.isFalse();
		}
	}

	@Test
	void anotherUsersSessionAnswersExactlyLikeAMissingOne() {
		String sessionId = Sessions.createId(as(ALICE));
		String turnId = Sessions.chat(as(ALICE), sessionId, "What is 1+1?").get("turnId").asString();

		List<Request> requests = List.of(new Request(HttpMethod.GET, "/sessions/%s", null),
				new Request(HttpMethod.PATCH, "/sessions/%s", "{\"ttlSeconds\":60}"),
				new Request(HttpMethod.GET, "/sessions/%s/history", null),
				new Request(HttpMethod.POST, "/sessions/%s/chat", "{\"message\":\"hi\"}"),
				new Request(HttpMethod.GET, "/sessions/%s/chat?message=hi", null),
				new Request(HttpMethod.GET, "/sessions/%s/turns/" + turnId, null),
				new Request(HttpMethod.GET, "/sessions/%s/turns/" + turnId + "/events", null),
				new Request(HttpMethod.POST, "/sessions/%s/cancel", null),
				new Request(HttpMethod.POST, "/sessions/%s/turns/" + turnId + "/approvals",
						"{\"callId\":\"call_1\",\"decision\":\"approve\"}"),
				new Request(HttpMethod.DELETE, "/sessions/%s", null));
		for (Request request : requests) {
			JsonNode intruder = request.send(as(BOB), sessionId);
			JsonNode missing = request.send(as(BOB), MISSING);
			assertThat(intruder.get("status").asInt()).as(request.path()).isEqualTo(404);
			assertThat(intruder.toString().replace(sessionId, "ID")).as(request.path())
				.isEqualTo(missing.toString().replace(MISSING, "ID"));
		}
		as(BOB).get()
			.uri("/sessions")
			.exchange()
			.expectBody()
			.jsonPath("$.sessions[?(@.sessionId == '%s')]".formatted(sessionId))
			.doesNotExist();
		// Alice still has it, untouched by Bob's DELETE.
		as(ALICE).get().uri("/sessions/{id}", sessionId).exchange().expectStatus().isOk();
	}

	@Test
	void detailedHealthNamesModelsAndCountsSessionsForCallersOnly() {
		unauthorized(this.http.get().uri("/health/detailed"));
		unauthorized(as("wrong-key").get().uri("/health/detailed"));
		as(ALICE).get()
			.uri("/health/detailed")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.checks.redis.status")
			.isEqualTo("healthy")
			.jsonPath("$.checks.llm.models")
			.exists()
			.jsonPath("$.checks.sessions.max")
			.isNumber();
	}

	@Test
	void webSocketsAreAuthenticatedOnTheHandshakeAndIsolated() {
		String sessionId = Sessions.createId(as(ALICE));
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);

		assertThat(chatOver(uri, null).status()).isEqualTo(401);
		assertThat(chatOver(uri, "wrong-key").status()).isEqualTo(401);
		assertThat(chatOver(uri, BOB).firstFrame()).contains("\"code\":\"not_found\"");
		assertThat(chatOver(uri, ALICE).firstFrame()).contains("\"type\":\"turn_started\"");
	}

	@Test
	void anEventSourceReconnectsWithItsTicketToItsOwnSessionOnly() throws Exception {
		String sessionId = Sessions.createId(as(ALICE));
		String turnId = Sessions.chat(as(ALICE), sessionId, "What is 1+1?").get("turnId").asString();
		String ticket = ticket(ALICE);
		String events = baseUrl() + "/sessions/" + sessionId + "/turns/" + turnId + "/events?ticket=" + ticket;

		String lastEventId;
		try (SseClient sse = SseClient.get(events, Map.of())) {
			assertThat(sse.status()).isEqualTo(200);
			lastEventId = sse.next().id();
		}
		// What EventSource does after a dropped connection: the same URL, Last-Event-ID.
		try (SseClient sse = SseClient.get(events, Map.of("Last-Event-ID", lastEventId))) {
			assertThat(sse.status()).isEqualTo(200);
			List<SseClient.Frame> rest = sse.rest();
			assertThat(rest.get(0).seq()).isEqualTo(Long.parseLong(lastEventId) + 1);
			assertThat(rest).last().extracting(SseClient.Frame::type).isEqualTo("done");
		}

		// A used ticket only reads: whoever finds the URL cannot start (paid) turns with
		// it.
		this.http.get()
			.uri("/sessions/{id}/chat?message=hi&ticket={ticket}", sessionId, ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.get()
			.uri("/sessions/{id}/chat?message=hi&ticket={ticket}", sessionId, ticket)
			.header("Last-Event-ID", turnId + ":" + lastEventId)
			.exchange()
			.expectStatus()
			.isOk();

		String otherSession = Sessions.createId(as(ALICE));
		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}/events?ticket={ticket}", otherSession, turnId, ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.get()
			.uri("/sessions/{id}/chat?message=hi&ticket={ticket}", otherSession, ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		URI socket = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId + "?ticket=" + ticket);
		assertThat(chatOver(socket, null).status()).as("a ticket an EventSource holds opens no WebSocket")
			.isEqualTo(401);

		await().atMost(Duration.ofSeconds(RECONNECT_WINDOW_SECONDS + 10))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> this.http.get()
				.uri(events.substring(baseUrl().length()))
				.header("Last-Event-ID", lastEventId)
				.exchange()
				.expectStatus()
				.isUnauthorized());
	}

	@Test
	void unknownAndForeignTicketsAreRefused() {
		String sessionId = Sessions.createId(as(ALICE));
		String turnId = Sessions.chat(as(ALICE), sessionId, "What is 1+1?").get("turnId").asString();
		String events = "/sessions/" + sessionId + "/turns/" + turnId + "/events?ticket=";

		this.http.get().uri(events + "0".repeat(48)).exchange().expectStatus().isUnauthorized();
		this.http.get().uri(events + "not-a-ticket").exchange().expectStatus().isUnauthorized();
		this.http.get().uri(events + ticket(BOB)).exchange().expectStatus().isNotFound();
	}

	@Test
	void aWebSocketTicketIsSingleUse() {
		String sessionId = Sessions.createId(as(ALICE));
		String ticket = ticket(ALICE);
		URI socket = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId + "?ticket=" + ticket);
		assertThat(chatOver(socket, null).firstFrame()).contains("\"type\":\"turn_started\"");
		assertThat(chatOver(socket, null).status()).isEqualTo(401);
		this.http.get()
			.uri("/sessions/{id}/chat?message=hi&ticket={ticket}", sessionId, ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aFrameSentRightAfterATicketHandshakeIsServed() {
		// The ticket is redeemed in Redis before the upgrade, so the upgrade completes
		// off the connection's event loop; a frame sent at once must still reach the
		// handler.
		String sessionId = Sessions.createId(as(ALICE));
		String ws = baseUrl().replace("http:", "ws:") + "/ws/" + sessionId + "?ticket=";
		for (int i = 0; i < 40; i++) {
			URI socket = URI.create(ws + ticket(ALICE));
			WebSocketProbe.Result result = WebSocketProbe.open(socket, new HttpHeaders(), "{\"type\":\"resume\"}");
			assertThat(result.status()).as("connection %d", i).isEqualTo(101);
			assertThat(result.firstFrame()).as("connection %d", i).contains("\"code\":\"bad_frame\"");
		}
	}

	private String ticket(String key) {
		return as(key).post()
			.uri("/stream-tickets")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("ticket")
			.asString();
	}

	/** Opens a socket (with a key, if any) and sends one chat frame. */
	private static WebSocketProbe.Result chatOver(URI uri, String key) {
		HttpHeaders headers = new HttpHeaders();
		if (key != null) {
			headers.setBearerAuth(key);
		}
		return WebSocketProbe.open(uri, headers, "{\"type\":\"chat\",\"message\":\"hi\"}");
	}

	private WebTestClient as(String key) {
		return this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
	}

	private static void unauthorized(WebTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("Authorization: Bearer"));
	}

	private record Request(HttpMethod method, String path, String body) {

		JsonNode send(WebTestClient client, String sessionId) {
			WebTestClient.RequestBodySpec spec = client.method(this.method).uri(this.path.formatted(sessionId));
			Function<WebTestClient.RequestHeadersSpec<?>, JsonNode> exchange = (
					request) -> request.exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
			if (this.body != null) {
				return exchange.apply(spec.contentType(MediaType.APPLICATION_JSON).bodyValue(this.body));
			}
			return exchange.apply(spec);
		}

	}

}
