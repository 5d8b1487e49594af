package dev.agentserve.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.agentserve.model.UserMessage;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.persistence.KeyspaceProperties;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRedisLayoutIT extends IntegrationTest {

	@Autowired
	private SessionStore store;

	@Autowired
	private Keyspace keys;

	@Autowired
	private JsonMapper json;

	@Test
	void sessionKeysCarryTheHashTagAndEveryKeyHasATtl() {
		Session session = this.store
			.create(new NewSession("layout-user", "assistant", Duration.ofMinutes(10), Map.of("k", "v")), 0)
			.block();
		String id = session.id();
		// A turn appends history; the next activity must give the list the session's TTL.
		this.redis.opsForList()
			.rightPush(this.keys.history(id), this.json.writeValueAsString(new UserMessage("hello")))
			.block();
		StepVerifier.create(this.store.open(id, "layout-user"))
			.assertNext((opened) -> assertThat(opened.messageCount()).isEqualTo(1))
			.verifyComplete();

		List<String> sessionKeys = scan(TestRedis.KEY_PREFIX + "{" + id + "}*");
		assertThat(sessionKeys).containsExactlyInAnyOrder(TestRedis.KEY_PREFIX + "{" + id + "}:meta",
				TestRedis.KEY_PREFIX + "{" + id + "}:history");
		assertThat(scan(TestRedis.KEY_PREFIX + "user:layout-user:sessions")).hasSize(1);

		List<String> all = scan(TestRedis.KEY_PREFIX + "*");
		assertThat(all).isNotEmpty();
		for (String key : all) {
			// TTL answers -1 s for a key without expiry (and 0 s for one about to
			// expire). Long-term memories ({mem:<user>}) are the one kind kept until
			// deleted.
			if (key.startsWith(TestRedis.KEY_PREFIX + "{mem:")) {
				continue;
			}
			assertThat(this.redis.getExpire(key).block()).as("TTL of %s", key).isNotEqualTo(Duration.ofSeconds(-1));
		}
		Duration metaTtl = this.redis.getExpire(this.keys.meta(id)).block();
		assertThat(metaTtl).isGreaterThan(Duration.ofMinutes(9)).isLessThanOrEqualTo(Duration.ofMinutes(10));
		assertThat(this.redis.getExpire(this.keys.history(id)).block()).isGreaterThan(Duration.ofMinutes(9));
	}

	@Test
	void historyIsReturnedOldestFirstAndLimited() {
		Session session = this.store.create(new NewSession("layout-user", "assistant", Duration.ofMinutes(1), null), 0)
			.block();
		for (String text : List.of("one", "two", "three")) {
			this.redis.opsForList()
				.rightPush(this.keys.history(session.id()), this.json.writeValueAsString(new UserMessage(text)))
				.block();
		}
		StepVerifier.create(this.store.history(session.id(), "layout-user", 2))
			.assertNext((messages) -> assertThat(messages).containsExactly(new UserMessage("two"),
					new UserMessage("three")))
			.verifyComplete();
	}

	@Test
	void anotherUsersSessionIsAbsent() {
		Session session = this.store.create(new NewSession("owner", "assistant", Duration.ofMinutes(1), null), 0)
			.block();
		StepVerifier.create(this.store.open(session.id(), "intruder")).verifyComplete();
		StepVerifier.create(this.store.history(session.id(), "intruder", 10)).verifyComplete();
		StepVerifier.create(this.store.updateTtl(session.id(), "intruder", Duration.ofHours(1))).verifyComplete();
		StepVerifier.create(this.store.delete(session.id(), "intruder")).expectNext(false).verifyComplete();
		StepVerifier.create(this.store.list("intruder", 10)).verifyComplete();
		StepVerifier.create(this.store.open(session.id(), "owner"))
			.assertNext((opened) -> assertThat(opened.ttl()).isEqualTo(Duration.ofMinutes(1)))
			.verifyComplete();
	}

	@Test
	void creationsStopAtTheLimitOfLiveSessionsEvenWhenTheyRace() {
		String prefix = "limit-" + UUID.randomUUID() + ":";
		Keyspace own = new Keyspace(new KeyspaceProperties(prefix));
		SessionStore limited = new RedisSessionStore(this.redis, own, this.json, Clock.systemUTC());
		List<Session> created = Flux.range(0, 12)
			.flatMap((i) -> limited.create(new NewSession("user-" + (i % 3), "assistant", Duration.ofMinutes(1), null),
					5), 12)
			.collectList()
			.block();
		assertThat(created).hasSize(5);
		assertThat(limited.countActive().block()).isEqualTo(5);
		assertThat(Flux.range(0, 3).flatMap((i) -> limited.list("user-" + i, 100)).collectList().block())
			.extracting(Session::id)
			.containsExactlyInAnyOrderElementsOf(created.stream().map(Session::id).toList());
		// The refused ones were written with the accepted ones and taken back: no hash
		// left.
		assertThat(scan(prefix + "*:meta")).hasSize(5);
		StepVerifier.create(limited.create(new NewSession("user-0", "assistant", Duration.ofMinutes(1), null), 5))
			.verifyComplete();
		Session gone = created.get(0);
		assertThat(limited.delete(gone.id(), gone.userId()).block()).isTrue();
		StepVerifier.create(limited.create(new NewSession("user-0", "assistant", Duration.ofMinutes(1), null), 5))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(limited.create(new NewSession("user-1", "assistant", Duration.ofMinutes(1), null), 0))
			.expectNextCount(1)
			.as("0 is no limit")
			.verifyComplete();
	}

	@Test
	void aCreationThatFailsLeavesNoSessionBehind() {
		String prefix = "broken-" + UUID.randomUUID() + ":";
		Keyspace own = new Keyspace(new KeyspaceProperties(prefix));
		SessionStore store = new RedisSessionStore(this.redis, own, this.json, Clock.systemUTC());
		// The user's index is not a sorted set: filing the session there fails, after the
		// hash and the service-wide place were written in the same round trip.
		this.redis.opsForValue().set(own.userIndex("broken"), "not an index").block();

		StepVerifier.create(store.create(new NewSession("broken", "assistant", Duration.ofMinutes(1), null), 5))
			.verifyError();

		assertThat(scan(prefix + "*:meta")).isEmpty();
		assertThat(store.countActive().block()).isZero();
		this.redis.delete(own.userIndex("broken")).block();
	}

	private List<String> scan(String pattern) {
		return this.redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build()).collectList().block();
	}

}
