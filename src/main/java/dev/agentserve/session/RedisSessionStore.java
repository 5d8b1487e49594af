package dev.agentserve.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.agentserve.model.Message;
import dev.agentserve.persistence.Keyspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SessionStore} on Redis: a metadata hash and a history list per session, expiring
 * together, plus two sorted-set indexes (per user and service-wide) scored by expiry. The
 * indexes are only hints for listing and counting; the metadata hash is the truth, and an
 * index entry whose hash is gone is skipped and pruned.
 */
@Repository
class RedisSessionStore implements SessionStore {

	private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

	/** {@code session-open.lua}: no "now" means read without touching. */
	private static final String READ_ONLY = "";

	/** {@code session-open.lua}: no new TTL means keep the current one. */
	private static final String KEEP_TTL = "";

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	private final SessionCodec codec;

	private final Clock clock;

	RedisSessionStore(ReactiveStringRedisTemplate redis, Keyspace keys, JsonMapper json, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.codec = new SessionCodec(json);
		this.clock = clock;
	}

	@Override
	public Mono<Session> create(NewSession request, int maxActive) {
		return Mono.defer(() -> {
			// Redis keeps milliseconds; so does every answer, the first included.
			Instant now = now().truncatedTo(ChronoUnit.MILLIS);
			Session session = new Session(SessionIds.next(), request.userId(), request.agentType(), now, now,
					request.ttl(), SessionStatus.ACTIVE, 0, request.initialContext(), 0,
					now.plus(request.maxDuration()), null);
			String expiry = Long.toString(session.expiresAt().toEpochMilli());
			String at = Long.toString(now.toEpochMilli());
			List<String> args = new ArrayList<>();
			args.add(expiry);
			args.addAll(this.codec.toFields(session));
			// One round trip: the place in the service-wide index (which counts the live
			// sessions), the hash and the user's index at once. A place refused (the
			// limit is reached) takes the other two back; nobody was told the new id.
			return Mono
				.zip(put(this.keys.globalIndex(), session.id(), expiry, at, maxActive),
						this.redis.execute(SessionScripts.CREATE, List.of(this.keys.meta(session.id())), args).single(),
						put(this.keys.userIndex(session.userId()), session.id(), expiry, at, 0))
				// A write that failed (the caller is answered an error) takes back the
				// ones that may have landed, so no session appears that nobody was given.
				.onErrorResume((ex) -> withdraw(session).then(Mono.error(ex)))
				.flatMap((placed) -> {
					if (placed.getT1() < 0) {
						return withdraw(session).then(Mono.empty());
					}
					return (placed.getT2() == 1) ? Mono.just(session)
							: Mono.error(new IllegalStateException("Session id collision: " + session.id()));
				});
		});
	}

	/**
	 * Takes back a session the service-wide limit refused or whose creation failed. A
	 * failure is logged and left: the hash expires with the session's TTL and index
	 * entries are hints.
	 */
	private Mono<Void> withdraw(Session session) {
		return Mono
			.when(this.redis.delete(this.keys.meta(session.id())),
					this.redis.opsForZSet().remove(this.keys.userIndex(session.userId()), session.id()),
					this.redis.opsForZSet().remove(this.keys.globalIndex(), session.id()))
			.onErrorResume((ex) -> {
				log.warn("Session {} was not created; taking it back failed: {}", session.id(), ex.toString());
				return Mono.empty();
			})
			.then();
	}

	@Override
	public Mono<Session> open(String id, String userId) {
		return touch(id, userId, KEEP_TTL).flatMap((result) -> {
			Session session = this.codec.fromOpenResult(result);
			return indexDue(result) ? index(session).thenReturn(session) : Mono.just(session);
		});
	}

	/**
	 * Whether the open moved the session's expiry far enough that its indexes should be
	 * written again (they are hints, see the class comment; rewriting them on every
	 * request would cost two more scripts per request).
	 */
	private static boolean indexDue(List<?> result) {
		return result.size() < 4 || !"0".equals(result.get(3));
	}

	@Override
	public Mono<Session> updateTtl(String id, String userId, Duration ttl) {
		return touch(id, userId, Long.toString(ttl.toMillis())).map(this.codec::fromOpenResult)
			.flatMap((session) -> index(session).thenReturn(session));
	}

	@Override
	public Flux<Session> list(String userId, int max) {
		return Flux.defer(() -> {
			String index = this.keys.userIndex(userId);
			Range<Double> alive = Range.leftOpen((double) now().toEpochMilli(), Double.POSITIVE_INFINITY);
			return this.redis.opsForZSet()
				.reverseRangeByScore(index, alive, Limit.limit().count(max))
				.flatMapSequential((id) -> read(id, userId)
					.switchIfEmpty(this.redis.opsForZSet().remove(index, id).then(Mono.empty())));
		});
	}

	@Override
	public Mono<List<Message>> history(String id, String userId, int limit) {
		return Mono.defer(() -> run(id, userId, Long.toString(now().toEpochMilli()), KEEP_TTL, limit))
			.flatMap((result) -> {
				Session session = this.codec.fromOpenResult(result);
				return index(session).thenReturn(this.codec.historyFromOpenResult(result));
			});
	}

	@Override
	public Mono<Boolean> delete(String id, String userId) {
		if (!SessionIds.isWellFormed(id)) {
			return Mono.just(false);
		}
		List<String> own = List.of(this.keys.meta(id), this.keys.history(id), this.keys.turns(id), this.keys.fence(id),
				this.keys.lease(id), this.keys.cancel(id), this.keys.summary(id));
		return this.redis.execute(SessionScripts.DELETE, own, List.of(userId)).next().flatMap((result) -> {
			List<?> reply = (List<?>) result;
			if (reply.isEmpty()) {
				return Mono.just(0L);
			}
			// The session is gone once the script ran: the rest is clean-up of keys that
			// expire anyway, so a failure there must not turn a done delete into an
			// error.
			return deleteTurns(id, reply.subList(1, reply.size()))
				.then(this.redis.opsForZSet().remove(this.keys.userIndex(userId), id))
				.then(this.redis.opsForZSet().remove(this.keys.globalIndex(), id))
				.onErrorResume((ex) -> {
					log.warn("Session {} is deleted; cleaning up its turns and index entries failed: {}", id,
							ex.toString());
					return Mono.empty();
				})
				.thenReturn(1L);
		}).map((deleted) -> deleted == 1L);
	}

	/**
	 * The keys of a deleted session's turns, in batches: a long-lived session has more
	 * than one command (or a script's {@code unpack}) can take.
	 */
	private Mono<Void> deleteTurns(String id, List<?> turnIds) {
		List<String> keys = new ArrayList<>(turnIds.size() * 3);
		for (Object turnId : turnIds) {
			keys.add(this.keys.turn(id, (String) turnId));
			keys.add(this.keys.turnEvents(id, (String) turnId));
			keys.add(this.keys.turnApprovals(id, (String) turnId));
		}
		return Flux.range(0, (keys.size() + DELETE_BATCH - 1) / DELETE_BATCH)
			.concatMap((batch) -> this.redis
				.unlink(keys.subList(batch * DELETE_BATCH, Math.min(keys.size(), (batch + 1) * DELETE_BATCH))
					.toArray(String[]::new)))
			.then();
	}

	private static final int DELETE_BATCH = 300;

	@Override
	public Mono<Long> countActive() {
		return Mono.defer(() -> this.redis.opsForZSet()
			.count(this.keys.globalIndex(), Range.leftOpen((double) now().toEpochMilli(), Double.POSITIVE_INFINITY)));
	}

	@Override
	public Mono<Duration> ping() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.redis.execute((connection) -> connection.ping())
				.single()
				.map((pong) -> Duration.ofNanos(System.nanoTime() - start));
		});
	}

	private Mono<List<?>> touch(String id, String userId, String newTtl) {
		return Mono.defer(() -> run(id, userId, Long.toString(now().toEpochMilli()), newTtl, 0));
	}

	private Mono<Session> read(String id, String userId) {
		return run(id, userId, READ_ONLY, KEEP_TTL, 0).map(this.codec::fromOpenResult);
	}

	private Mono<List<?>> run(String id, String userId, String now, String newTtl, int historyLimit) {
		if (!SessionIds.isWellFormed(id)) {
			return Mono.empty();
		}
		return this.redis
			.execute(SessionScripts.OPEN, this.keys.sessionData(id),
					List.of(userId, now, newTtl, Integer.toString(historyLimit)))
			.next()
			.<List<?>>map((result) -> (List<?>) result)
			.filter((result) -> !result.isEmpty() && result.get(0) != null);
	}

	/** Records the session's expiry in the user's and the service's index. */
	private Mono<Void> index(Session session) {
		String expiry = Long.toString(session.expiresAt().toEpochMilli());
		String now = Long.toString(now().toEpochMilli());
		return Mono.when(put(this.keys.userIndex(session.userId()), session.id(), expiry, now, 0),
				put(this.keys.globalIndex(), session.id(), expiry, now, 0));
	}

	/**
	 * Files {@code member} in {@code index}; -1 (and nothing filed) when the index
	 * already holds {@code limit} live members and this is not one of them (0: no limit).
	 */
	private Mono<Long> put(String index, String member, String expiry, String now, int limit) {
		return this.redis
			.execute(SessionScripts.INDEX_PUT, List.of(index), List.of(member, expiry, now, Integer.toString(limit)))
			.single();
	}

	private Instant now() {
		return this.clock.instant();
	}

}
