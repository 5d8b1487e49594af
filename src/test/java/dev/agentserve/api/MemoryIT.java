package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-term memory over HTTP and in turns: it belongs to a user, outlives sessions, is
 * found by meaning, and reaches the model through the tools and automatic recall.
 */
@TestPropertySource(properties = {
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.ticket-reconnect-window=" + AuthIT.RECONNECT_WINDOW_SECONDS + "s" })
class MemoryIT extends IntegrationTest {

	private static final String ALICE = "alice-secret-key-1";

	private static final String BOB = "bob-secret-key-2";

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aMemoryIsCreatedReadListedAndDeletedByItsOwnerOnly() {
		String user = ALICE;
		JsonNode created = create(user,
				Map.of("content", "My favourite colour is teal", "tags", List.of("prefs"), "importance", 0.8));
		String id = created.get("memoryId").asString();
		assertThat(id).startsWith("mem_");
		assertThat(created.get("tags").get(0).asString()).isEqualTo("prefs");
		assertThat(created.get("importance").asDouble()).isEqualTo(0.8);
		assertThat(created.has("createdAt")).isTrue();

		as(user).get()
			.uri("/memories/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content")
			.isEqualTo("My favourite colour is teal");
		as(BOB).get()
			.uri("/memories/{id}", id)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		as(BOB).delete().uri("/memories/{id}", id).exchange().expectStatus().isNotFound();
		assertThat(list(BOB, "/memories").get("memories").findValuesAsString("memoryId")).doesNotContain(id);

		as(user).delete().uri("/memories/{id}", id).exchange().expectStatus().isNoContent();
		as(user).get().uri("/memories/{id}", id).exchange().expectStatus().isNotFound();
		as(user).get().uri("/memories/not-an-id").exchange().expectStatus().isNotFound();
		this.http.get().uri("/memories").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theListIsNewestFirstAndPagedByCursor() {
		String user = BOB;
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(create(user, Map.of("content", "paging fact number " + i)).get("memoryId").asString());
		}
		List<String> seen = new java.util.ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = list(user, "/memories?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			page.get("memories").forEach((memory) -> seen.add(memory.get("memoryId").asString()));
			cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
		}
		while (cursor != null);
		List<String> newestFirst = new java.util.ArrayList<>(ids);
		java.util.Collections.reverse(newestFirst);
		assertThat(seen.stream().filter(ids::contains).toList()).containsExactlyElementsOf(newestFirst);
		ids.forEach((id) -> as(user).delete().uri("/memories/{id}", id).exchange().expectStatus().isNoContent());
	}

	@Test
	void aQueryRanksTheParaphrasedMemoryFirstWithScores() {
		String user = ALICE;
		String target = create(user, Map.of("content", "My sister Clara lives in Lisbon")).get("memoryId").asString();
		create(user, Map.of("content", "I am allergic to peanuts"));
		create(user, Map.of("content", "The project deadline is the end of March"));
		create(user, Map.of("content", "I drive an old blue Volvo"));

		JsonNode found = list(user, "/memories?query=Which city is my sibling based in?&limit=3");

		assertThat(found.get("memories")).hasSize(3);
		assertThat(found.get("memories").get(0).get("memoryId").asString()).isEqualTo(target);
		double first = found.get("memories").get(0).get("score").asDouble();
		assertThat(first).isGreaterThan(found.get("memories").get(1).get("score").asDouble());
		assertThat(found.has("nextCursor")).isFalse();
		assertThat(list(BOB, "/memories?query=Which city is my sibling based in?").get("memories")
			.findValuesAsString("memoryId")).doesNotContain(target);
	}

	@Test
	void badInputIsA400Problem() {
		for (Object body : List.of(Map.of("content", ""), Map.of("content", "x".repeat(4001)),
				Map.of("content", "x", "importance", 2), Map.of("content", "x", "tags", List.of("")),
				Map.of("content", "x", "tags", java.util.Collections.nCopies(17, "t")))) {
			as(ALICE).post()
				.uri("/memories")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		as(ALICE).get().uri("/memories?limit=0").exchange().expectStatus().isBadRequest();
		as(ALICE).get().uri("/memories?cursor=bogus").exchange().expectStatus().isBadRequest();
		as(ALICE).get().uri("/memories?query=").exchange().expectStatus().isBadRequest();
	}

	@Test
	void aNewSessionOfTheSameUserRecallsWithTheToolAndAutomatically() {
		String user = ALICE;
		String first = session(user, "rememberer");
		this.scripted.play(ScriptedModel.call("remember", "{\"content\":\"The user's dog is a beagle named Biscuit\"}"),
				ScriptedModel.answer("I will remember that."));
		chat(user, first, "Remember that my dog is a beagle called Biscuit");
		JsonNode remembered = toolResult(this.scripted.requests().get(1));
		String id = remembered.get("memoryId").asString();
		as(user).delete().uri("/sessions/{id}", first).exchange().expectStatus().isNoContent();

		String second = session(user, "rememberer");
		this.scripted.play(ScriptedModel.call("recall", "{\"query\":\"what breed is my pet?\"}"),
				ScriptedModel.answer("A beagle."));
		chat(user, second, "What kind of dog do I have?");

		List<ModelRequest> requests = this.scripted.requests();
		String system = ((SystemMessage) requests.get(0).messages().get(0)).content();
		assertThat(system).contains("[" + id + "] The user's dog is a beagle named Biscuit");
		JsonNode recalled = toolResultArray(requests.get(1));
		assertThat(recalled.get(0).get("memoryId").asString()).isEqualTo(id);
		assertThat(recalled.get(0).get("score").asDouble()).isPositive();

		String third = session(BOB, "rememberer");
		this.scripted.play(ScriptedModel.answer("No idea."));
		chat(BOB, third, "What kind of dog do I have?");
		assertThat(((SystemMessage) this.scripted.requests().get(0).messages().get(0)).content()).doesNotContain(id);
		as(user).delete().uri("/memories/{id}", id).exchange().expectStatus().isNoContent();
	}

	@Test
	void forgetDeletesAndAnUnknownIdIsAToolError() {
		String user = BOB;
		String id = create(user, Map.of("content", "I prefer window seats")).get("memoryId").asString();
		String session = session(user, "rememberer");
		this.scripted.play(ScriptedModel.call("forget", "{\"memoryId\":\"" + id + "\"}", "forget",
				"{\"memoryId\":\"mem_0000000000000000000000000000\"}"), ScriptedModel.answer("Done."));
		JsonNode answer = chat(user, session, "Forget my seat preference");

		assertThat(answer.get("status").asString()).isEqualTo("done");
		List<JsonNode> calls = new java.util.ArrayList<>();
		answer.get("toolCalls").forEach(calls::add);
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).has("error")).isFalse();
		assertThat(calls.get(1).get("error").asString()).contains("No memory");
		as(user).get().uri("/memories/{id}", id).exchange().expectStatus().isNotFound();
	}

	@Test
	void anAnsweredTurnOfAnEpisodicAgentIsRemembered() {
		String session = session(BOB, "episodic");
		this.scripted.play(ScriptedModel.answer("Canberra is the capital of Australia."));
		chat(BOB, session, "What is the capital of Australia?");

		await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
			List<JsonNode> episodes = new java.util.ArrayList<>();
			list(BOB, "/memories?limit=100").get("memories").forEach((memory) -> {
				if (memory.get("content").asString().contains("capital of Australia")) {
					episodes.add(memory);
				}
			});
			assertThat(episodes).hasSize(1);
			assertThat(episodes.get(0).get("content").asString())
				.isEqualTo("The user asked: \"What is the capital of Australia?\"; the answer was: "
						+ "\"Canberra is the capital of Australia.\"");
			assertThat(episodes.get(0).get("tags").get(0).asString()).isEqualTo("episode");
		});
	}

	private JsonNode toolResult(ModelRequest request) {
		ToolMessage result = (ToolMessage) request.messages().get(request.messages().size() - 1);
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(result.content());
	}

	private JsonNode toolResultArray(ModelRequest request) {
		return toolResult(request);
	}

	private JsonNode create(String key, Map<String, Object> body) {
		return as(key).post()
			.uri("/memories")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode list(String key, String uri) {
		return as(key).get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private String session(String key, String agentType) {
		return Sessions.create(as(key), Map.of("agentType", agentType)).get("sessionId").asString();
	}

	private JsonNode chat(String key, String sessionId, String message) {
		return Sessions.chat(as(key), sessionId, message);
	}

	private WebTestClient as(String key) {
		// The first call loads the embedding model (seconds on a busy machine).
		return this.http.mutate()
			.responseTimeout(java.time.Duration.ofSeconds(60))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.build();
	}

}
