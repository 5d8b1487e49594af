package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.persistence.Keyspace;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The commands that keep a running turn alive, on the control connection
 * ({@code controlRedis}) rather than the data connection: renewing the lease, refreshing
 * its entry in the running-turn indexes, and polling the cancel flags
 * ({@link CancelWatch}). Under load the data connection queues thousands of commands;
 * these must not wait behind them, or a healthy turn's lease expires and another replica
 * reaps it as interrupted.
 * <p>
 * The commands are sent from {@code boundedElastic}: the control factory obtains its
 * connection synchronously, and while Redis stalls that can take seconds, which on the
 * parallel scheduler (where the renewal and poll timers fire) held back every timer of
 * the replica, the store watch's probe included, so streams missed their 5 s promise
 * ({@code SseStoreOutageIT}).
 */
@Repository
class LeaseStore {

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	private final TurnProperties properties;

	LeaseStore(@Qualifier("controlRedis") ReactiveStringRedisTemplate redis, Keyspace keys, TurnProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
	}

	/** Extends the lease; false when it is lost. */
	Mono<Boolean> renew(String sessionId, String token) {
		return this.redis
			.execute(TurnScripts.RENEW, List.of(this.keys.lease(sessionId)),
					List.of(token, Long.toString(this.properties.lease().toMillis())))
			.single()
			.map((ok) -> ok == 1)
			.subscribeOn(Schedulers.boundedElastic());
	}

	/** Refreshes a running turn's lease expiry in the running-turn indexes. */
	Mono<Void> refreshRunning(String sessionId, String turnId, String userId, long leaseExpiresAt) {
		long keep = this.properties.lease().plus(this.properties.retention()).toMillis();
		return this.redis
			.execute(TurnScripts.RUNNING_PUT, List.of(this.keys.runningTurns(), this.keys.userRunningTurns(userId)),
					List.of(sessionId + " " + turnId, Long.toString(leaseExpiresAt), Long.toString(keep)))
			.then()
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * The cancel flags of these sessions, in their order: each is the id of the turn
	 * asked to stop, or null.
	 */
	Mono<List<@Nullable String>> cancelFlags(List<String> sessionIds) {
		List<String> keys = new ArrayList<>(sessionIds.size());
		for (String sessionId : sessionIds) {
			keys.add(this.keys.cancel(sessionId));
		}
		return this.redis.opsForValue().multiGet(keys).subscribeOn(Schedulers.boundedElastic());
	}

}
