package dev.agentserve.turn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agentserve.config.EmbeddedRedis;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running turn rides out a Redis stall shorter than its lease: its writes are retried
 * (never duplicated), its lease is kept, and a cancel asked after the stall still stops
 * it. A stall is {@code CLIENT PAUSE} on a Redis of this test's own.
 */
class TurnRedisFaultsIT {

	private static final String PREFIX = "faults-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static EmbeddedRedis redis;

	private static RedisClient admin;

	private static StatefulRedisConnection<String, String> adminConnection;

	private static ConfigurableApplicationContext replica;

	@BeforeAll
	static void start() {
		redis = EmbeddedRedis.start();
		String url = "redis://" + redis.host() + ":" + redis.port();
		admin = RedisClient.create(url);
		adminConnection = admin.connect();
		replica = Replicas.startOn(url, PREFIX, "faults", "--agentserve.turns.lease=9s",
				"--agentserve.turns.cancel-poll=100ms", "--spring.data.redis.timeout=1s");
	}

	@AfterAll
	static void stop() {
		replica.close();
		adminConnection.close();
		admin.shutdown();
		redis.stop();
	}

	@Test
	void aTurnRidesOutAStallShorterThanItsLease() {
		Replicas.model(replica).play(ScriptedModel.words(40, 50));
		String sessionId = Sessions.create(Replicas.http(replica), Map.of("agentType", "scripted"))
			.get("sessionId")
			.asString();
		try (SseClient sse = SseClient.post(Replicas.url(replica) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}")) {
			assertThat(sse.next().type()).isEqualTo("turn_started");
			assertThat(sse.next().type()).isEqualTo("response");
			stall(Duration.ofMillis(2500));

			List<Frame> rest = sse.rest();

			assertThat(rest).last().extracting(Frame::type).isEqualTo("done");
			List<Long> seqs = rest.stream().map(Frame::seq).toList();
			for (int i = 1; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
			}
		}
	}

	@Test
	void aCancelAskedAfterAStallStillStopsTheTurn() {
		Replicas.model(replica).play(ScriptedModel.words(400, 50));
		String sessionId = Sessions.create(Replicas.http(replica), Map.of("agentType", "scripted"))
			.get("sessionId")
			.asString();
		try (SseClient sse = SseClient.post(Replicas.url(replica) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}")) {
			String turnId = sse.header("X-Turn-Id");
			assertThat(sse.next().type()).isEqualTo("turn_started");
			stall(Duration.ofMillis(2500));
			admin.connect().sync().ping();
			assertThat(sse.next().type()).isEqualTo("response");
			// What POST /cancel on another replica leaves: the flag its owner polls.
			replica.getBean(ReactiveStringRedisTemplate.class)
				.opsForValue()
				.set(replica.getBean(Keyspace.class).cancel(sessionId), turnId)
				.block();

			List<Frame> rest = sse.rest();

			assertThat(rest).last().extracting(Frame::type).isEqualTo("cancelled");
		}
	}

	private static void stall(Duration duration) {
		adminConnection.sync().clientPause(duration.toMillis());
	}

}
