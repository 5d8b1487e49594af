package dev.agentserve.memory;

import java.util.List;

import dev.agentserve.persistence.Keyspace;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A session's running summary in Redis: a hash {@code as:{<session>}:summary}
 * ({@code text}, {@code through}) that expires with the session: its TTL is copied from
 * the session's metadata on every write (a session that is gone gets none), the session's
 * scripts slide it with the session's other keys, and deleting the session deletes it in
 * the same script (it shares the session's hash slot).
 */
@Repository
class SummaryStore {

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	SummaryStore(ReactiveStringRedisTemplate redis, Keyspace keys) {
		this.redis = redis;
		this.keys = keys;
	}

	Mono<RunningSummary> read(String sessionId) {
		return this.redis.<String, String>opsForHash()
			.multiGet(this.keys.summary(sessionId), List.of("text", "through"))
			.map((values) -> (values.get(0) != null)
					? new RunningSummary(values.get(0), (values.get(1) != null) ? values.get(1) : "")
					: RunningSummary.NONE)
			.defaultIfEmpty(RunningSummary.NONE);
	}

	Mono<Void> write(String sessionId, RunningSummary summary) {
		return this.redis
			.execute(MemoryScripts.SUMMARY_PUT, List.of(this.keys.meta(sessionId), this.keys.summary(sessionId)),
					List.of("text", summary.text(), "through", summary.through()))
			.then();
	}

}
