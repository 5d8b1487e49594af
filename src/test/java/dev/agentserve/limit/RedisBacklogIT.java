package dev.agentserve.limit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.RedisPause;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that stops answering (here: {@code CLIENT PAUSE}) leaves the data connection's
 * commands unanswered; once that backlog has lasted its grace, new work is refused with
 * 429 {@code redis_backlog} instead of queueing into the command timeout, and taken again
 * when Redis answers.
 */
// Properties no other test shares: close the context after the class, not at the end
// of the run.
@DirtiesContext
@TestPropertySource(properties = { "agentserve.limits.admission.max-redis-pending=3",
		"agentserve.limits.admission.redis-backlog-grace=200ms", "agentserve.limits.admission.min-limit=1",
		"agentserve.agents.scripted.turn-timeout=60s" })
class RedisBacklogIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private RedisBacklog backlog;

	@Autowired
	private ConfigurableApplicationContext context;

	@Test
	void aLastingRedisBacklogRefusesNewWorkUntilRedisAnswers() {
		// Work in progress (at least min-limit), so a backlog is a reason to refuse more.
		this.scripted.play(Flux.<ModelEvent>never());
		String busy = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		Sessions.startTurn(this.http, busy, "wait");
		HttpClient client = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		try {
			try (RedisPause paused = RedisPause.all(Duration.ofSeconds(10))) {
				for (int i = 0; i < 5; i++) {
					held.add(client.sendAsync(sessionRequest(), HttpResponse.BodyHandlers.ofString()));
				}
				// Held commands time out after spring.data.redis.timeout (2 s); refusal
				// starts once they have been waiting for the grace.
				await().atMost(Duration.ofSeconds(2))
					.until(() -> this.backlog.aboveForNanos(System.nanoTime()) >= Duration.ofMillis(200).toNanos());

				EntityExchangeResult<JsonNode> refused = Sessions.tryCreate(this.http);
				assertThat(refused.getStatus().value()).isEqualTo(429);
				assertThat(refused.getResponseBody().get("reason").asString()).isEqualTo("redis_backlog");
			}
			// Admitted before the grace ran out: each answered, created or 503 (the
			// command timed out), none lost.
			for (CompletableFuture<HttpResponse<String>> request : held) {
				assertThat(request.join().statusCode()).isIn(201, 503);
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Sessions.tryCreate(this.http).getStatus().value()).isEqualTo(201));
		}
		finally {
			client.close();
		}
		this.http.post().uri("/sessions/{id}/cancel", busy).exchange().expectStatus().is2xxSuccessful();
	}

	/**
	 * A context that stops and starts again (a paused test context, a checkpoint and
	 * restore) gets a new Redis client, which must be counted too.
	 */
	@Test
	void theBacklogIsCountedAfterTheContextStopsAndStartsAgain() {
		this.context.pause();
		this.context.restart();
		// Paused for longer than the wait, and let go as soon as it is seen: a busy
		// machine
		// may take most of a second to get the probe out.
		try (RedisPause paused = RedisPause.all(Duration.ofSeconds(5))) {
			this.redis.opsForValue().get(TestRedis.KEY_PREFIX + "backlog-probe").subscribe(null, (ex) -> {
			});
			await().atMost(Duration.ofSeconds(4)).until(() -> this.backlog.pending() >= 1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.backlog.pending() == 0);
	}

	private HttpRequest sessionRequest() {
		return HttpRequest.newBuilder(URI.create(baseUrl() + "/sessions"))
			.header("content-type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString("{\"agentType\":\"assistant\"}"))
			.build();
	}

}
