package dev.agentserve.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.agentserve.persistence.Keyspace;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replica-wide look at the cancel flags: one {@code MGET} per chunk of running turns
 * finds exactly the turns a cancel names, however many run.
 */
class CancelWatchIT extends IntegrationTest {

	@Autowired
	private CancelWatch watch;

	@Autowired
	private Keyspace keys;

	@Test
	void aPollCancelsExactlyTheFlaggedTurnsAcrossChunks() {
		int count = CancelWatch.CHUNK * 2 + 100;
		List<String> sessions = new ArrayList<>();
		List<String> turns = new ArrayList<>();
		List<CompletableFuture<String>> cancels = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sessions.add(UUID.randomUUID().toString());
			turns.add(UUID.randomUUID().toString());
			cancels.add(this.watch.watch(sessions.get(i), turns.get(i)).toFuture());
		}
		int first = 0;
		int inLastChunk = count - 1;
		int staleFlag = CancelWatch.CHUNK + 7;
		RedisClient client = RedisClient.create(TestRedis.url());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			redis.sync().set(this.keys.cancel(sessions.get(first)), turns.get(first));
			redis.sync().set(this.keys.cancel(sessions.get(inLastChunk)), turns.get(inLastChunk));
			// A flag left for an earlier turn of the session does not cancel this one.
			redis.sync().set(this.keys.cancel(sessions.get(staleFlag)), UUID.randomUUID().toString());

			this.watch.poll().block(Duration.ofSeconds(10));

			assertThat(cancels.get(first)).isCompletedWithValue(TurnRunner.CANCELLED_BY_REQUEST);
			assertThat(cancels.get(inLastChunk)).isCompletedWithValue(TurnRunner.CANCELLED_BY_REQUEST);
			assertThat(cancels.stream().filter(CompletableFuture::isDone)).hasSize(2);
		}
		finally {
			turns.forEach(this.watch::forget);
			client.shutdown();
		}
	}

	@Test
	void theWatchPollsByItselfAndAForgottenTurnIsNoLongerLookedAt() {
		String session = UUID.randomUUID().toString();
		String turn = UUID.randomUUID().toString();
		String forgottenSession = UUID.randomUUID().toString();
		String forgottenTurn = UUID.randomUUID().toString();
		CompletableFuture<String> cancel = this.watch.watch(session, turn).toFuture();
		CompletableFuture<String> forgotten = this.watch.watch(forgottenSession, forgottenTurn).toFuture();
		this.watch.forget(forgottenTurn);
		RedisClient client = RedisClient.create(TestRedis.url());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			redis.sync().set(this.keys.cancel(forgottenSession), forgottenTurn);
			redis.sync().set(this.keys.cancel(session), turn);

			await().atMost(Duration.ofSeconds(2)).until(cancel::isDone);
			this.watch.poll().block(Duration.ofSeconds(10));

			assertThat(forgotten).isNotDone();
		}
		finally {
			this.watch.forget(turn);
			client.shutdown();
		}
	}

}
