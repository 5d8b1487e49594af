package dev.agentserve.turn;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.ZSetOperations;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a turn leaves in Redis: hash-tagged keys that all expire, an ordered log, no
 * lease.
 */
class TurnRedisLayoutIT extends IntegrationTest {

	@Autowired
	private Keyspace keys;

	@Autowired
	private TurnStore store;

	@Test
	void aFinishedTurnLeavesHashTaggedKeysThatAllExpire() {
		String sessionId = Sessions.createId(this.http);
		String turnId = chat(sessionId, "What is 6*7?");

		String tag = TestRedis.KEY_PREFIX + "{" + sessionId + "}:";
		assertThat(scan(tag + "*")).containsExactlyInAnyOrder(tag + "meta", tag + "history", tag + "turns",
				tag + "fence", tag + "turn:" + turnId, tag + "turn:" + turnId + ":events");
		for (String key : scan(TestRedis.KEY_PREFIX + "*")) {
			// TTL answers -1 s for a key without expiry (and 0 s for one about to
			// expire). Long-term memories ({mem:<user>}) are the one kind kept until
			// deleted.
			if (key.startsWith(TestRedis.KEY_PREFIX + "{mem:")) {
				continue;
			}
			assertThat(this.redis.getExpire(key).block()).as("TTL of %s", key).isNotEqualTo(Duration.ofSeconds(-1));
		}
		Duration retention = this.redis.getExpire(this.keys.turnEvents(sessionId, turnId)).block();
		assertThat(retention).isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1));
		List<String> types = this.redis.opsForList()
			.range(this.keys.turnEvents(sessionId, turnId), 0, -1)
			.map((entry) -> entry.substring(0, entry.indexOf(':')))
			.collectList()
			.block();
		assertThat(types).first().isEqualTo("turn_started");
		assertThat(types).last().isEqualTo("done");
		assertThat(this.redis.opsForHash().get(this.keys.turn(sessionId, turnId), "seq").block())
			.isEqualTo(Integer.toString(types.size()));
	}

	/**
	 * The log keeps each event's own fields once: not the session id, turn id and type
	 * names of the envelope, and in a list rather than a Stream (whose first node alone
	 * takes 4 KB). A finished 24-event turn takes at most 4 KB of Redis.
	 */
	@Test
	void aFinishedTurnTakesAtMostFourKilobytes() {
		String sessionId = Sessions.createId(this.http);
		String turnId = chat(sessionId, "What is 12*(3+4)?");

		long events = this.redis.opsForList().size(this.keys.turnEvents(sessionId, turnId)).block();
		long bytes = memoryUsage(this.keys.turn(sessionId, turnId))
				+ memoryUsage(this.keys.turnEvents(sessionId, turnId));
		assertThat(events).isEqualTo(24);
		assertThat(bytes).as("bytes of the turn's hash and log").isLessThanOrEqualTo(4096);
		assertThat(this.redis.opsForList().range(this.keys.turnEvents(sessionId, turnId), 0, -1).collectList().block())
			.noneMatch((entry) -> entry.contains(sessionId) || entry.contains(turnId));
	}

	@Test
	void aWriterWithoutTheLeaseIsRefused() {
		String sessionId = Sessions.createId(this.http);
		String turnId = chat(sessionId, "What is 1+1?");
		List<LogEntry> late = List.of(new LogEntry(999, "response", 0, "{}"));

		// The turn ended and released its lease: its token, or any other, no longer
		// writes.
		StepVerifier
			.create(this.store.append(sessionId, turnId, turnId + ":1", late, dev.agentserve.event.TokenUsage.NONE))
			.expectNext(false)
			.verifyComplete();
		this.redis.opsForValue().set(this.keys.lease(sessionId), "another-turn:2").block();
		StepVerifier
			.create(this.store.append(sessionId, turnId, turnId + ":1", late, dev.agentserve.event.TokenUsage.NONE))
			.expectNext(false)
			.verifyComplete();
		StepVerifier.create(this.store.finish(sessionId, turnId, turnId + ":1", late, "{}", List.of(), 0))
			.expectNext(false)
			.verifyComplete();
		StepVerifier.create(this.store.readAfter(sessionId, turnId, 0).map(EventRecord::seq).collectList())
			.assertNext((seqs) -> assertThat(seqs).doesNotContain(999L))
			.verifyComplete();
		this.redis.delete(this.keys.lease(sessionId)).block();
	}

	@Test
	void deletingASessionDeletesItsTurns() {
		String sessionId = Sessions.createId(this.http);
		chat(sessionId, "What is 2+2?");

		this.http.delete().uri("/sessions/{id}", sessionId).exchange().expectStatus().isNoContent();

		assertThat(scan(TestRedis.KEY_PREFIX + "{" + sessionId + "}*")).isEmpty();
	}

	@Test
	void aSessionWithThousandsOfTurnsCanBeDeleted() {
		String sessionId = Sessions.createId(this.http);
		String realTurn = chat(sessionId, "What is 2+2?");
		// What years of use leave: far more turns than one command or script may list.
		Set<ZSetOperations.TypedTuple<String>> many = new HashSet<>();
		for (int i = 0; i < 12_000; i++) {
			many.add(ZSetOperations.TypedTuple.of(UUID.randomUUID().toString(), (double) i));
		}
		this.redis.opsForZSet().addAll(this.keys.turns(sessionId), many).block();

		this.http.delete().uri("/sessions/{id}", sessionId).exchange().expectStatus().isNoContent();

		assertThat(scan(TestRedis.KEY_PREFIX + "{" + sessionId + "}*")).isEmpty();
		assertThat(this.redis.hasKey(this.keys.turnEvents(sessionId, realTurn)).block()).isFalse();
	}

	@Test
	void idempotencyKeysAndOldTurnIdsDoNotAccumulate() {
		String sessionId = Sessions.createId(this.http);
		this.redis.opsForZSet().add(this.keys.turns(sessionId), "ancient-turn", 1).block();
		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.header("Idempotency-Key", "retry-1")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.accept(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(java.util.Map.of("message", "What is 2+2?", "stream", false))
			.exchange()
			.expectStatus()
			.isOk();

		Duration idempotencyTtl = this.redis.getExpire(this.keys.idempotency(sessionId, "retry-1")).block();
		assertThat(idempotencyTtl).isPositive().isLessThanOrEqualTo(Duration.ofHours(2));
		assertThat(this.redis.opsForZSet().score(this.keys.turns(sessionId), "ancient-turn").block()).isNull();
	}

	@Test
	void aStartThatRedisRunsAfterItsDeadlineTakesNoEffect() {
		String sessionId = Sessions.createId(this.http);
		TurnStart start = new TurnStart(sessionId, "local", UUID.randomUUID().toString(), "assistant",
				"{\"role\":\"user\",\"content\":\"hi\"}", "{}", System.currentTimeMillis(), 60_000, "", 1);

		StepVerifier.create(this.store.start(start)).expectNext(new StartResult.Late()).verifyComplete();

		assertThat(this.redis.hasKey(this.keys.lease(sessionId)).block()).isFalse();
		assertThat(this.redis.hasKey(this.keys.turn(sessionId, start.turnId())).block()).isFalse();
		assertThat(this.redis.opsForList().size(this.keys.history(sessionId)).block()).isZero();
	}

	/**
	 * An owner that stalled past its lease finishes after another replica ended the turn
	 * as interrupted at the same seq: its finish is refused, not mistaken for a retry of
	 * its own.
	 */
	@Test
	void aFinishAfterTheTurnWasInterruptedIsRefused() {
		String sessionId = Sessions.createId(this.http);
		String turnId = UUID.randomUUID().toString();
		TurnStart start = new TurnStart(sessionId, "local", turnId, "assistant",
				"{\"role\":\"user\",\"content\":\"hi\"}", "{}", System.currentTimeMillis(), 60_000, "", 0);
		String token = ((StartResult.Started) this.store.start(start).block()).token();
		this.redis.delete(this.keys.lease(sessionId)).block();
		assertThat(this.store.interrupt(sessionId, turnId, 1, "{}", "owner died", System.currentTimeMillis()).block())
			.isTrue();

		List<LogEntry> done = List.of(new LogEntry(2, "done", 0, "{}"));
		StepVerifier
			.create(this.store.finish(sessionId, turnId, token, done, "{\"status\":\"done\"}", List.of(),
					System.currentTimeMillis()))
			.expectNext(false)
			.verifyComplete();
		assertThat(this.redis.opsForList().size(this.keys.history(sessionId)).block()).isEqualTo(1);
	}

	private long memoryUsage(String key) {
		return this.redis
			.execute(org.springframework.data.redis.core.script.RedisScript
				.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", Long.class), List.of(key))
			.blockFirst();
	}

	private String chat(String sessionId, String message) {
		JsonNode result = Sessions.chat(this.http, sessionId, message);
		assertThat(result.get("status").asString()).isEqualTo("done");
		return result.get("turnId").asString();
	}

	private List<String> scan(String pattern) {
		return this.redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build()).collectList().block();
	}

}
