package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.PackagedApp;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestRedis;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several replicas on one Redis, behind no sticky load balancer: any request may reach
 * any replica, and a replica may die mid-turn.
 */
class MultiReplicaIT {

	private static final String PREFIX = "replicas-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startReplicas() {
		a = replica("a");
		b = replica("b");
	}

	@AfterAll
	static void stopReplicas() {
		a.close();
		b.close();
	}

	@Test
	void createOnAChatOnBCancelThroughAResumeOnA() {
		model(b).play(ScriptedModel.words(30, 100));
		String sessionId = Sessions.create(http(a), Map.of("agentType", "scripted")).get("sessionId").asString();
		List<Frame> seen = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.post(url(b) + "/sessions/" + sessionId + "/chat", "{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			for (int i = 0; i < 3; i++) {
				seen.add(sse.next());
			}
		}

		http(a).post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isAccepted();
		try (SseClient sse = SseClient.get(url(a) + "/sessions/" + sessionId + "/turns/" + turnId + "/events",
				Map.of("Last-Event-ID", "3"))) {
			seen.addAll(sse.rest());
		}

		assertThat(seen).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, seen.size()).boxed().toList());
		assertThat(seen.get(seen.size() - 1).type()).isEqualTo("cancelled");
		assertThat(seen).filteredOn((frame) -> frame.type().equals("cancelled")).hasSize(1);
		try (SseClient sse = SseClient.get(url(a) + "/sessions/" + sessionId + "/turns/" + turnId + "/events",
				Map.of())) {
			assertThat(sse.rest()).extracting(Frame::data)
				.containsExactlyElementsOf(seen.stream().map(Frame::data).toList());
		}
	}

	/**
	 * The doomed replica is the packaged jar in its own process, killed with SIGKILL
	 * mid-turn: no shutdown hook, no drain, no last write.
	 */
	@Test
	void aTurnWhoseReplicaDiedEndsAsInterruptedAndTheSessionCarriesOn() throws Exception {
		String sessionId = Sessions.create(http(a), Map.of("agentType", "assistant")).get("sessionId").asString();
		String turnId;
		try (PackagedApp doomed = PackagedApp
			.start(Map.of("REDIS_URL", TestRedis.url(), "AGENTSERVE_REDIS_KEY_PREFIX", PREFIX, "AGENTSERVE_INSTANCE_ID",
					"doomed", "AGENTSERVE_TURNS_LEASE", "2s", "AGENTSERVE_MODELS_DEMO_TOKEN_DELAY", "300ms"))
			.awaitStarted()) {
			try (SseClient sse = SseClient.post(doomed.baseUrl() + "/sessions/" + sessionId + "/chat",
					"{\"message\":\"What is 12*(3+4)?\"}")) {
				turnId = sse.header("X-Turn-Id");
				sse.next();
				sse.next();
				doomed.kill();
			}
		}

		List<Frame> rest;
		try (SseClient sse = SseClient.get(url(a) + "/sessions/" + sessionId + "/turns/" + turnId + "/events",
				Map.of("Last-Event-ID", "2"))) {
			rest = sse.rest();
		}
		Frame last = rest.get(rest.size() - 1);
		assertThat(last.type()).isEqualTo("error");
		assertThat(last.json().get("code").asString()).isEqualTo("interrupted");
		assertThat(rest).filteredOn((frame) -> Set.of("done", "error", "cancelled").contains(frame.type())).hasSize(1);
		assertThat(Sessions.chat(http(a), sessionId, "What is 2+2?").get("status").asString()).isEqualTo("done");
	}

	@Test
	void anOwnerThatLostItsLeaseCanNoLongerWrite() {
		model(a).play(ScriptedModel.words(40, 100));
		String sessionId = Sessions.create(http(b), Map.of("agentType", "scripted")).get("sessionId").asString();
		List<Frame> frames;
		try (SseClient sse = SseClient.post(url(a) + "/sessions/" + sessionId + "/chat", "{\"message\":\"go\"}")) {
			sse.next();
			sse.next();
			// The lease expires under the owner (as after a long pause or a partition).
			a.getBean(org.springframework.data.redis.core.ReactiveStringRedisTemplate.class)
				.delete(PREFIX + "{" + sessionId + "}:lease")
				.block();
			frames = sse.rest();
		}

		Frame last = frames.get(frames.size() - 1);
		assertThat(last.json().get("code").asString()).isEqualTo("interrupted");
		assertThat(frames).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(3, 2 + frames.size()).boxed().toList());
		// The fenced owner could not append the rest of its answer, nor any history.
		assertThat(frames.size()).isLessThan(40);
		http(b).get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(1);
	}

	@Test
	void anInterruptedTurnChargesTheTokensItUsedToTheSession() {
		model(a).play(ScriptedModel.call("calculator", "{\"expression\":\"1+1\"}"), ScriptedModel.words(40, 100));
		String sessionId = Sessions.create(http(b), Map.of("agentType", "scripted")).get("sessionId").asString();
		try (SseClient sse = SseClient.post(url(a) + "/sessions/" + sessionId + "/chat", "{\"message\":\"go\"}")) {
			Frame frame;
			do {
				frame = sse.next();
			}
			while (!frame.type().equals("response"));
			a.getBean(org.springframework.data.redis.core.ReactiveStringRedisTemplate.class)
				.delete(PREFIX + "{" + sessionId + "}:lease")
				.block();
			List<Frame> rest = sse.rest();
			assertThat(rest.get(rest.size() - 1).json().get("code").asString()).isEqualTo("interrupted");
		}

		// The first round's usage (10 in, 5 out) counts against the session's budget.
		http(b).get().uri("/sessions/{id}", sessionId).exchange().expectBody().jsonPath("$.tokensUsed").isEqualTo(15);
	}

	private static ConfigurableApplicationContext replica(String name) {
		// No grace: stopping a replica here stands for a crash.
		return Replicas.start(PREFIX, name, "--server.shutdown=immediate", "--agentserve.turns.shutdown-grace=0s");
	}

	private static ScriptedModel model(ConfigurableApplicationContext replica) {
		return Replicas.model(replica);
	}

	private static String url(ConfigurableApplicationContext replica) {
		return Replicas.url(replica);
	}

	private static WebTestClient http(ConfigurableApplicationContext replica) {
		return Replicas.http(replica);
	}

}
