package dev.agentserve.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts aborted at every point (a client that resets the connection while the start is
 * in flight, a session whose agent type was removed from the configuration) leak no
 * replica slot, no running-turn index entry, and no turn without a terminal event.
 */
class TurnAbortIT {

	private static final String PREFIX = "abort-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static final int MAX_CONCURRENT = 4;

	private static ConfigurableApplicationContext replica;

	@BeforeAll
	static void start() {
		replica = Replicas.start(PREFIX, "abort", "--agentserve.turns.max-concurrent=" + MAX_CONCURRENT,
				"--agentserve.models.demo.token-delay=1ms", "--agentserve.turns.lease=5s",
				"--agentserve.turns.max-concurrent-per-user=0");
	}

	@AfterAll
	static void stop() {
		replica.close();
	}

	@Test
	void startsAbortedAtRandomPointsLeakNothing() {
		WebTestClient http = Replicas.http(replica);
		ReactiveStringRedisTemplate redis = replica.getBean(ReactiveStringRedisTemplate.class);
		Keyspace keys = replica.getBean(Keyspace.class);
		HttpClient client = HttpClient.create().baseUrl(Replicas.url(replica));
		Random random = new Random(7);
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < 160; i++) {
			String sessionId = Sessions.create(http, Map.of("agentType", "assistant")).get("sessionId").asString();
			if (i % 8 == 0) {
				redis.opsForHash().put(keys.meta(sessionId), "agent", "removed-from-config").block();
			}
			sessions.add(sessionId);
		}
		Flux.fromIterable(sessions).flatMap((sessionId) -> {
			long abortAfterMicros = random.nextInt(1_500_000);
			Mono<Void> chat = client.headers((headers) -> headers.set("Content-Type", "application/json"))
				.post()
				.uri("/sessions/" + sessionId + "/chat")
				.send(ByteBufFlux.fromString(Mono.just("{\"message\":\"What is 6*7?\"}")))
				.response((response, body) -> body.then())
				.then();
			// A client that resets the connection at a random point of the start.
			return chat.timeout(Duration.ofNanos(abortAfterMicros * 1000), Mono.empty())
				.onErrorResume((ex) -> Mono.empty());
		}, 16).blockLast(Duration.ofSeconds(120));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(redis.opsForZSet().size(keys.runningTurns()).block()).isZero();
			assertThat(redis.opsForZSet().size(keys.userRunningTurns("local")).block()).isZero();
		});
		int started = 0;
		for (String sessionId : sessions) {
			List<String> turnIds = redis.opsForZSet()
				.range(keys.turns(sessionId), Range.unbounded())
				.collectList()
				.block();
			for (String turnId : turnIds) {
				started++;
				String last = redis.opsForList()
					.range(keys.turnEvents(sessionId, turnId), -1, -1)
					.map((entry) -> entry.substring(0, entry.indexOf(':')))
					.blockFirst();
				assertThat(last).as("last event of turn %s", turnId).isIn("done", "error", "cancelled");
			}
		}
		assertThat(started).as("turns that started despite the aborts").isPositive();

		// The replica still takes as many turns as it may run at once.
		ModelEvent[] none = {};
		Flux<ModelEvent>[] forever = new Flux[MAX_CONCURRENT];
		java.util.Arrays.fill(forever, Flux.fromArray(none).concatWith(Flux.never()));
		Replicas.model(replica).play(forever);
		List<String> waiting = Flux.range(0, MAX_CONCURRENT)
			.map((i) -> Sessions.create(http, Map.of("agentType", "scripted")).get("sessionId").asString())
			.collectList()
			.block();
		try {
			for (String sessionId : waiting) {
				Sessions.startTurn(http, sessionId, "wait");
			}
		}
		finally {
			waiting.forEach((sessionId) -> http.post().uri("/sessions/{id}/cancel", sessionId).exchange());
		}
	}

}
