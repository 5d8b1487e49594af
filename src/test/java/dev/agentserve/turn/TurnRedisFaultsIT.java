package dev.agentserve.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

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
		List<Frame> seen = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.post(Replicas.url(replica) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			seen.add(sse.next());
			seen.add(sse.next());
			stall(Duration.ofMillis(2500));
			// The stream may end with a retry hint while Redis is silent; the turn goes
			// on.
			seen.addAll(sse.rest());
		}
		seen.addAll(resume(sessionId, turnId, seen.get(seen.size() - 1)));

		assertThat(seen).last().extracting(Frame::type).isEqualTo("done");
		assertThat(seen).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, seen.size()).boxed().toList());
	}

	@Test
	void aCancelAskedAfterAStallStillStopsTheTurn() {
		Replicas.model(replica).play(ScriptedModel.words(400, 50));
		String sessionId = Sessions.create(Replicas.http(replica), Map.of("agentType", "scripted"))
			.get("sessionId")
			.asString();
		String turnId;
		Frame first;
		try (SseClient sse = SseClient.post(Replicas.url(replica) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			first = sse.next();
			stall(Duration.ofMillis(2500));
		}
		admin.connect().sync().ping();
		// What POST /cancel on another replica leaves: the flag its owner polls.
		replica.getBean(ReactiveStringRedisTemplate.class)
			.opsForValue()
			.set(replica.getBean(Keyspace.class).cancel(sessionId), turnId)
			.block();

		assertThat(resume(sessionId, turnId, first)).last().extracting(Frame::type).isEqualTo("cancelled");
	}

	/** What a reconnecting client gets after {@code last}, up to the end of the turn. */
	private static List<Frame> resume(String sessionId, String turnId, Frame last) {
		if (Set.of("done", "error", "cancelled").contains(last.type())) {
			return List.of();
		}
		try (SseClient sse = SseClient.get(
				Replicas.url(replica) + "/sessions/" + sessionId + "/turns/" + turnId + "/events",
				Map.of("Last-Event-ID", Long.toString(last.seq())))) {
			return sse.rest();
		}
	}

	private static void stall(Duration duration) {
		adminConnection.sync().clientPause(duration.toMillis());
	}

}
