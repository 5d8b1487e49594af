package dev.agentserve.api;

import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenAI-compatible embedder that keeps failing (the fake endpoint answers 500 with no
 * reply queued): memory tools answer a tool error, automatic recall is skipped, the turn
 * still answers; storing a memory is a 503 that names the endpoint.
 */
@TestPropertySource(properties = "agentserve.memory.embedder=fake-failing:text-embedding-3-small")
class EmbedderOutageIT extends IntegrationTest {

	private static final String FAILURE = "The embedding endpoint fake-failing (model text-embedding-3-small) answered 500";

	@Autowired
	private ScriptedModel scripted;

	@BeforeEach
	void noReplies() {
		PROVIDER.reset();
	}

	@Test
	void aRecallWhileTheEmbedderFailsIsAToolErrorAndTheTurnAnswers() {
		String session = Sessions.create(this.http, Map.of("agentType", "rememberer")).get("sessionId").asString();
		this.scripted.play(ScriptedModel.call("recall", "{\"query\":\"the user's dog\"}"),
				ScriptedModel.answer("I cannot look that up right now."));

		JsonNode answer = Sessions.chat(this.http, session, "What is my dog called?");

		assertThat(answer.get("status").asString()).isEqualTo("done");
		assertThat(answer.get("toolCalls").get(0).get("tool").asString()).isEqualTo("recall");
		assertThat(answer.get("toolCalls").get(0).get("error").asString()).contains(FAILURE)
			.doesNotContain("memory store");
		assertThat(PROVIDER.requests()).allSatisfy((request) -> assertThat(request.path()).endsWith("/embeddings"));
	}

	@Test
	void storingAMemoryWhileTheEmbedderFailsIsA503NamingTheEndpoint() {
		this.http.post()
			.uri("/memories")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("content", "My dog is called Biscuit"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("embedding_unavailable")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).startsWith(FAILURE));
	}

}
