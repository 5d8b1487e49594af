package dev.agentserve.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AG-UI threads as sessions of the caller: a thread's runs share one session, created on
 * first use with the run's state as its initial context (sent back as
 * {@code STATE_SNAPSHOT}); another caller's same thread id is another session, and the
 * first caller's session stays 404 to them. (The same keys as {@link AuthIT}, so the two
 * share a context.)
 */
@TestPropertySource(properties = {
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.ticket-reconnect-window=" + AuthIT.RECONNECT_WINDOW_SECONDS + "s" })
class AgUiThreadsIT extends IntegrationTest {

	private static final String ALICE = "alice-secret-key-1";

	private static final String BOB = "bob-secret-key-2";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The shared client with room for a loaded machine (a turn, or a first request). */
	private WebTestClient client() {
		return this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void aThreadIsOneSessionOfItsCallerAndNoOneElses() {
		String thread = "thread-" + System.nanoTime();
		List<JsonNode> first = run(ALICE, thread, "What is 2+3?", Map.of("plan", "pro"));
		assertThat(first.get(0).get("type").asString()).isEqualTo("RUN_STARTED");
		assertThat(first.get(0).get("threadId").asString()).isEqualTo(thread);
		assertThat(first.get(0).get("metadata").get("turnId").asString())
			.isEqualTo(first.get(first.size() - 1).get("result").get("turnId").asString());
		assertThat(first.get(1).get("type").asString()).isEqualTo("STATE_SNAPSHOT");
		assertThat(first.get(1).get("snapshot").get("plan").asString()).isEqualTo("pro");
		assertThat(first.get(first.size() - 1).get("type").asString()).isEqualTo("RUN_FINISHED");
		String turnId = first.get(first.size() - 1).get("result").get("turnId").asString();

		run(ALICE, thread, "What is 3+4?", Map.of());
		String aliceSession = sessionOfTurn(ALICE, turnId);
		JsonNode history = get(ALICE, "/sessions/" + aliceSession + "/history");
		List<String> asked = new ArrayList<>();
		history.get("messages").forEach((message) -> {
			if (message.get("role").asString().equals("user")) {
				asked.add(message.get("content").asString());
			}
		});
		assertThat(asked).containsExactly("What is 2+3?", "What is 3+4?");

		List<JsonNode> bobs = run(BOB, thread, "What is 5+6?", Map.of());
		assertThat(bobs.get(1).get("type").asString()).as("no state: no snapshot").isNotEqualTo("STATE_SNAPSHOT");
		String bobSession = sessionOfTurn(BOB, bobs.get(bobs.size() - 1).get("result").get("turnId").asString());
		assertThat(bobSession).isNotEqualTo(aliceSession);
		client().get()
			.uri("/sessions/{id}/history", aliceSession)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + BOB)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aThreadWhoseSessionWasDeletedGetsANewOne() {
		String thread = "thread-" + System.nanoTime();
		List<JsonNode> first = run(ALICE, thread, "What is 1+1?", Map.of());
		String deleted = first.get(0).get("metadata").get("sessionId").asString();
		client().delete()
			.uri("/sessions/{id}", deleted)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
			.exchange()
			.expectStatus()
			.isNoContent();

		List<JsonNode> second = run(ALICE, thread, "What is 2+2?", Map.of());

		assertThat(second.get(0).get("metadata").get("sessionId").asString()).isNotEqualTo(deleted);
		assertThat(second.get(second.size() - 1).get("type").asString()).isEqualTo("RUN_FINISHED");
	}

	@Test
	void aRunNeedsAKey() {
		client().post()
			.uri("/ag-ui/assistant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(input("t", "hi", Map.of()))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private List<JsonNode> run(String key, String thread, String message, Map<String, Object> state) {
		String body = client().post()
			.uri("/ag-ui/assistant")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(input(thread, message, state))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<JsonNode> events = new ArrayList<>();
		for (String line : body.split("\n")) {
			if (line.startsWith("data:")) {
				events.add(JSON.readTree(line.substring(5).trim()));
			}
		}
		return events;
	}

	private static Map<String, Object> input(String thread, String message, Map<String, Object> state) {
		return Map.of("threadId", thread, "runId", "run-" + System.nanoTime(), "state", state, "messages",
				List.of(Map.of("id", "m-" + System.nanoTime(), "role", "user", "content", message)));
	}

	/** The caller's session that ran the turn. */
	private String sessionOfTurn(String key, String turnId) {
		for (JsonNode session : get(key, "/sessions").get("sessions")) {
			String id = session.get("sessionId").asString();
			boolean ran = client().get()
				.uri("/sessions/{id}/turns/{turnId}", id, turnId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.is2xxSuccessful();
			if (ran) {
				return id;
			}
		}
		throw new AssertionError("no session of the caller ran turn " + turnId);
	}

	private JsonNode get(String key, String path) {
		return client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
