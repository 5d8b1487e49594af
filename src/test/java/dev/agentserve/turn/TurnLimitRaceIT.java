package dev.agentserve.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user limit on running turns holds under racing starts, across two replicas:
 * checked and taken in one step.
 */
class TurnLimitRaceIT {

	private static final String PREFIX = "limits-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static final int PER_USER = 8;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		// A lease long enough that no running turn's index entry lapses while the starts
		// race
		// on a loaded machine: the limit, not the lease, is under test.
		a = Replicas.start(PREFIX, "a", "--agentserve.turns.max-concurrent-per-user=" + PER_USER,
				"--agentserve.turns.lease=15s");
		b = Replicas.start(PREFIX, "b", "--agentserve.turns.max-concurrent-per-user=" + PER_USER,
				"--agentserve.turns.lease=15s");
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
	}

	@Test
	void racingStartsNeverExceedThePerUserLimit() {
		int attempts = 40;
		@SuppressWarnings("unchecked")
		Flux<ModelEvent>[] forever = new Flux[attempts];
		Arrays.fill(forever, Flux.<ModelEvent>never());
		Replicas.model(a).play(forever);
		Replicas.model(b).play(forever);
		WebTestClient http = Replicas.http(a);
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < attempts; i++) {
			sessions.add(Sessions.create(http, Map.of("agentType", "scripted")).get("sessionId").asString());
		}
		try {
			List<Integer> statuses = Flux.range(0, attempts)
				.flatMap((i) -> status((i % 2 == 0) ? a : b, sessions.get(i)), attempts)
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(PER_USER);
			assertThat(statuses).filteredOn((status) -> status != 200).containsOnly(429);
		}
		finally {
			sessions.forEach((sessionId) -> http.post().uri("/sessions/{id}/cancel", sessionId).exchange());
		}
	}

	/** The status of a chat start; the stream itself is left open (the turn runs). */
	private static Mono<Integer> status(ConfigurableApplicationContext replica, String sessionId) {
		return HttpClient.create()
			.baseUrl(Replicas.url(replica))
			.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri("/sessions/" + sessionId + "/chat")
			.send(ByteBufFlux.fromString(Mono.just("{\"message\":\"wait\"}")))
			.response()
			.map((response) -> response.status().code());
	}

}
