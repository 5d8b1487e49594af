package dev.agentserve.turn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM: readiness down, no new turns, running turns get their grace, streams a retry
 * hint.
 */
class GracefulShutdownIT {

	private static final String PREFIX = "shutdown-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	@Test
	void aStoppingReplicaFinishesShortTurnsRefusesNewOnesAndSendsLongStreamsAway() {
		ConfigurableApplicationContext replica = Replicas.start(PREFIX, "stopping",
				"--agentserve.turns.shutdown-grace=3s");
		Replicas.model(replica).play(ScriptedModel.words(10, 100), ScriptedModel.words(200, 100));
		String shortSession = session(replica);
		String longSession = session(replica);
		String spareSession = session(replica);
		try (SseClient quick = SseClient.post(Replicas.url(replica) + "/sessions/" + shortSession + "/chat",
				"{\"message\":\"short\"}");
				SseClient slow = SseClient.post(Replicas.url(replica) + "/sessions/" + longSession + "/chat",
						"{\"message\":\"long\"}")) {
			quick.next();
			slow.next();

			CompletableFuture<Void> stopped = CompletableFuture.runAsync(replica::close);

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> Replicas.http(replica)
					.post()
					.uri("/sessions/{id}/chat", spareSession)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("message", "new"))
					.exchange()
					.expectStatus()
					.isEqualTo(503)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "5"));
			Replicas.http(replica).get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			List<Frame> quickRest = quick.rest();
			assertThat(quickRest.get(quickRest.size() - 1).type()).isEqualTo("done");
			List<Frame> slowRest = slow.rest();
			assertThat(slowRest).noneMatch((frame) -> Set.of("done", "error", "cancelled").contains(frame.type()));
			assertThat(slow.rawLines()).anyMatch((line) -> line.startsWith("retry:"));
			stopped.join();
		}
	}

	private static String session(ConfigurableApplicationContext replica) {
		return Sessions.create(Replicas.http(replica), Map.of("agentType", "scripted")).get("sessionId").asString();
	}

}
