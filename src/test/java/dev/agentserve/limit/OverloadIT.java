package dev.agentserve.limit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Far more clients than the replica can serve at once: the excess is refused with 429 and
 * {@code Retry-After}, nothing fails with 5xx, every admitted turn ends {@code done}, a
 * long turn running on the same replica keeps its lease through the flood, and the
 * replica takes new turns right after.
 */
// Properties no other test shares: close the context after the class, not at the end
// of the run.
@DirtiesContext
@TestPropertySource(properties = { "agentserve.limits.admission.initial-limit=4",
		"agentserve.limits.admission.min-limit=2", "agentserve.limits.admission.max-limit=8",
		"agentserve.turns.max-concurrent=16", "agentserve.turns.max-concurrent-per-user=0",
		"agentserve.turns.max-concurrent-total=0", "agentserve.turns.lease=1500ms",
		"agentserve.turns.reap-interval=200ms", "agentserve.agents.scripted.turn-timeout=30s" })
class OverloadIT extends IntegrationTest {

	private static final int CLIENTS = 400;

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aFloodIsRefusedWith429AndEveryAdmittedTurnEndsDone() {
		// A turn streaming for about two leases, started before the flood.
		this.scripted.play(ScriptedModel.words(25, 100));
		String longSession = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		ConnectionProvider pool = ConnectionProvider.builder("flood")
			.maxConnections(CLIENTS + 10)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			flood(client(pool), longSession);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private void flood(WebClient client, String longSession) {
		Mono<List<String>> longTurn = client.post()
			.uri("/sessions/{id}/chat", longSession)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "stream slowly"))
			.retrieve()
			.bodyToFlux(String.class)
			.collectList()
			.cache();
		longTurn.subscribe();

		ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		Flux.range(0, CLIENTS)
			.flatMap((i) -> oneClient(client, outcomes), CLIENTS)
			.then()
			.block(Duration.ofSeconds(120));

		assertThat(outcomes).hasSize(CLIENTS);
		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.status()).as(outcome.toString()).isIn(200, 201, 429);
			if (outcome.status() == 429) {
				assertThat(outcome.retryAfter()).as(outcome.toString()).isNotNull();
			}
		});
		assertThat(outcomes).as("some clients were refused").anyMatch((outcome) -> outcome.status() == 429);
		List<Outcome> admitted = outcomes.stream().filter((outcome) -> outcome.status() == 200).toList();
		assertThat(admitted).as("some turns were admitted").isNotEmpty();
		assertThat(admitted).allSatisfy((outcome) -> assertThat(outcome.turnStatus()).isEqualTo("done"));
		assertThat(outcomes.stream().filter((outcome) -> outcome.status() == 429))
			.allSatisfy((outcome) -> assertThat(outcome.code()).isIn("overloaded", "too_many_turns"));

		List<String> events = longTurn.block(Duration.ofSeconds(30));
		assertThat(events).isNotEmpty();
		assertThat(events.getLast()).contains("\"type\":\"done\"");
		assertThat(events).noneMatch((event) -> event.contains("interrupted"));

		// Recovered: a new turn is taken at once.
		String after = Sessions.createId(this.http);
		assertThat(Sessions.chat(this.http, after, "What is 2+2?").get("status").asString()).isEqualTo("done");
	}

	/** One client: a session, then a non-streamed turn; a refusal ends it. */
	private static Mono<Void> oneClient(WebClient client, ConcurrentLinkedQueue<Outcome> outcomes) {
		return client.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant"))
			.exchangeToMono((response) -> response.toEntity(JsonNode.class))
			.flatMap((created) -> {
				if (created.getStatusCode().value() != 201) {
					outcomes.add(Outcome.of(created));
					return Mono.empty();
				}
				String sessionId = created.getBody().get("sessionId").asString();
				return client.post()
					.uri("/sessions/{id}/chat", sessionId)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("message", "What is 12*(3+4)?", "stream", false))
					.exchangeToMono((response) -> response.toEntity(JsonNode.class))
					.doOnNext((answered) -> outcomes.add(Outcome.of(answered)))
					.then();
			});
	}

	private WebClient client(ConnectionProvider pool) {
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.responseTimeout(Duration.ofSeconds(60));
		return WebClient.builder().baseUrl(baseUrl()).clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	private record Outcome(int status, String retryAfter, String code, String turnStatus) {

		static Outcome of(ResponseEntity<JsonNode> response) {
			JsonNode body = response.getBody();
			return new Outcome(response.getStatusCode().value(),
					response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
					(body != null) ? body.path("code").asString("") : "",
					(body != null) ? body.path("status").asString("") : "");
		}

	}

}
