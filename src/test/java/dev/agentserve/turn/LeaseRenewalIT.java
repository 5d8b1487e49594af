package dev.agentserve.turn;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.util.ReflectionUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running turn keeps its lease while the data connection is held up: renewals go over
 * the control connection, so they never queue behind the data path's commands (under
 * overload thousands of them; here one {@code WAIT} that blocks the data connection, and
 * only it, for longer than two leases).
 */
// Properties no other test shares: close the context after the class, not at the end
// of the run.
@DirtiesContext
@TestPropertySource(properties = { "agentserve.turns.lease=1s", "agentserve.turns.reap-interval=200ms",
		"agentserve.agents.scripted.turn-timeout=30s" })
class LeaseRenewalIT extends IntegrationTest {

	private static final long STALL_MS = 2_500;

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private Keyspace keys;

	@Test
	void aRunningTurnKeepsItsLeaseWhileTheDataConnectionIsStalled() {
		this.scripted.play(Flux.<ModelEvent>never());
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		RedisClient client = RedisClient.create(TestRedis.url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> probe = connection.sync();
			String lease = this.keys.lease(sessionId);
			Sessions.startTurn(this.http, sessionId, "wait");
			await().atMost(Duration.ofSeconds(5)).until(() -> probe.pttl(lease) > 0);
			// WAIT for a replica that does not exist blocks the connection that sent it
			// (not Redis) until its timeout: every later command on it queues behind.
			ReactiveRedisConnection data = this.redis.getConnectionFactory().getReactiveConnection();
			StatefulConnection<?, ?> shared = sharedConnection(data).block(Duration.ofSeconds(5));
			((StatefulRedisConnection<?, ?>) shared).reactive()
				.waitForReplication(1, STALL_MS)
				.subscribe(null, (ex) -> {
				});
			AtomicLong dataPathMillis = new AtomicLong(-1);
			long sent = System.nanoTime();
			this.redis.hasKey(lease)
				.onErrorResume((ex) -> Mono.just(false))
				.subscribe((ignored) -> dataPathMillis.set((System.nanoTime() - sent) / 1_000_000));
			await().during(Duration.ofMillis(STALL_MS - 300))
				.atMost(Duration.ofMillis(STALL_MS + 2_000))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> probe.pttl(lease) > 0);
			await().atMost(Duration.ofSeconds(5)).until(() -> dataPathMillis.get() >= 0);
			assertThat(dataPathMillis.get()).as("the data connection was stalled").isGreaterThanOrEqualTo(1_000);
		}
		finally {
			client.shutdown();
			this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange();
		}
	}

	/**
	 * The native connection the data template shares (Spring exposes it to itself only).
	 */
	@SuppressWarnings("unchecked")
	private static Mono<StatefulConnection<?, ?>> sharedConnection(ReactiveRedisConnection connection) {
		var getConnection = ReflectionUtils.findMethod(connection.getClass(), "getConnection");
		assertThat(getConnection).isNotNull();
		ReflectionUtils.makeAccessible(getConnection);
		return (Mono<StatefulConnection<?, ?>>) ReflectionUtils.invokeMethod(getConnection, connection);
	}

}
