package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentserve.session.SessionKeys;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns on Redis: the lease, the turn hash and its event Stream (entry ids
 * {@code 0-<seq>}), and a pub/sub notice per event so followers on any replica wake up at
 * once.
 */
@Repository
class TurnStore {

	static final int PAGE = 500;

	private final ReactiveStringRedisTemplate redis;

	private final TurnNoticeListener listeners;

	private final SessionKeys keys;

	private final TurnProperties properties;

	private final String owner;

	TurnStore(ReactiveStringRedisTemplate redis, TurnNoticeListener listeners, SessionKeys keys,
			TurnProperties properties, InstanceId instance) {
		this.redis = redis;
		this.listeners = listeners;
		this.keys = keys;
		this.properties = properties;
		this.owner = instance.value();
	}

	Mono<StartResult> start(TurnStart turn) {
		String sid = turn.sessionId();
		List<String> keys = List.of(this.keys.meta(sid), this.keys.history(sid), this.keys.turns(sid),
				this.keys.fence(sid), this.keys.idempotencyKeys(sid), this.keys.lease(sid),
				this.keys.turn(sid, turn.turnId()), this.keys.turnEvents(sid, turn.turnId()));
		List<String> args = List.of(turn.userId(), turn.turnId(), Long.toString(this.properties.lease().toMillis()),
				Long.toString(turn.nowMillis()), Long.toString(turn.turnTtlMillis()), turn.agentType(), this.owner,
				turn.userMessageJson(), turn.firstEventJson(), this.keys.turnChannel(sid, turn.turnId()),
				Integer.toString(this.properties.maxHistory()), turn.idempotencyKey());
		return this.redis.execute(TurnScripts.START, keys, args).single().map((result) -> {
			List<?> reply = (List<?>) result;
			return switch ((String) reply.get(0)) {
				case "started" -> new StartResult.Started((String) reply.get(1));
				case "busy" -> new StartResult.Busy((String) reply.get(1));
				case "existing" -> new StartResult.Existing((String) reply.get(1));
				default -> new StartResult.Missing();
			};
		});
	}

	/** Appends a non-terminal event; false when the lease is lost. */
	Mono<Boolean> append(String sessionId, String turnId, String token, EventRecord event) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId));
		List<String> args = List.of(token, Long.toString(event.seq()), event.type(), event.json(),
				this.keys.turnChannel(sessionId, turnId));
		return this.redis.execute(TurnScripts.APPEND, keys, args).single().map((ok) -> ok == 1);
	}

	/**
	 * Appends the terminal event, the outcome and the history; false when the lease is
	 * lost.
	 */
	Mono<Boolean> finish(String sessionId, String turnId, String token, EventRecord event, String outcomeJson,
			List<String> messages, long nowMillis) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId), this.keys.meta(sessionId), this.keys.history(sessionId),
				this.keys.turns(sessionId), this.keys.fence(sessionId), this.keys.idempotencyKeys(sessionId));
		List<String> args = new ArrayList<>(List.of(token, Long.toString(event.seq()), event.type(), event.json(),
				this.keys.turnChannel(sessionId, turnId), Long.toString(nowMillis),
				Long.toString(this.properties.retention().toMillis()), Integer.toString(this.properties.maxHistory()),
				outcomeJson));
		args.addAll(messages);
		return this.redis.execute(TurnScripts.FINISH, keys, args).single().map((ok) -> ok == 1);
	}

	/** Extends the lease; false when it is lost. */
	Mono<Boolean> renew(String sessionId, String token) {
		return this.redis
			.execute(TurnScripts.RENEW, List.of(this.keys.lease(sessionId)),
					List.of(token, Long.toString(this.properties.lease().toMillis())))
			.single()
			.map((ok) -> ok == 1);
	}

	/**
	 * Flags the session's running turn for cancellation. Empty when the session is
	 * absent; an empty string when no turn runs; else the running turn's id.
	 */
	Mono<String> requestCancel(String sessionId, String userId) {
		return this.redis
			.execute(TurnScripts.CANCEL, List.of(this.keys.lease(sessionId), this.keys.meta(sessionId)),
					List.of(userId, this.keys.turn(sessionId, "")))
			.next()
			.flatMap((result) -> {
				List<?> reply = (List<?>) result;
				if (reply.isEmpty()) {
					return Mono.empty();
				}
				return Mono.just((reply.size() > 1) ? (String) reply.get(1) : "");
			});
	}

	/** Whether the turn was asked to stop. */
	Mono<Boolean> cancelRequested(String sessionId, String turnId) {
		return this.redis.opsForHash().hasKey(this.keys.turn(sessionId, turnId), "cancel");
	}

	/** Records (or refreshes) a running turn with the time its lease expires. */
	Mono<Void> markRunning(String sessionId, String turnId, String userId, long leaseExpiresAt) {
		long keep = this.properties.lease().plus(this.properties.retention()).toMillis();
		List<String> args = List.of(sessionId + " " + turnId, Long.toString(leaseExpiresAt), Long.toString(keep),
				Long.toString(leaseExpiresAt - keep));
		return Mono.when(this.redis.execute(TurnScripts.RUNNING_PUT, List.of(this.keys.runningTurns()), args),
				this.redis.execute(TurnScripts.RUNNING_PUT, List.of(this.keys.userRunningTurns(userId)), args));
	}

	Mono<Void> unmarkRunning(String sessionId, String turnId, String userId) {
		String member = sessionId + " " + turnId;
		return Mono.when(this.redis.opsForZSet().remove(this.keys.runningTurns(), member),
				this.redis.opsForZSet().remove(this.keys.userRunningTurns(userId), member));
	}

	/** Turns whose lease is alive: the user's, and the whole deployment's. */
	Mono<long[]> countRunning(String userId, long now) {
		Range<Double> alive = Range.leftOpen((double) now, Double.POSITIVE_INFINITY);
		return Mono
			.zip(this.redis.opsForZSet().count(this.keys.userRunningTurns(userId), alive),
					this.redis.opsForZSet().count(this.keys.runningTurns(), alive))
			.map((counts) -> new long[] { counts.getT1(), counts.getT2() });
	}

	/**
	 * Running turns whose lease should have been renewed by now:
	 * {@code [sessionId, turnId]}.
	 */
	Flux<String[]> overdue(long now, int max) {
		return this.redis.opsForZSet()
			.rangeByScore(this.keys.runningTurns(), Range.closed(Double.NEGATIVE_INFINITY, (double) now),
					Limit.limit().count(max))
			.map((member) -> member.split(" ", 2));
	}

	/**
	 * Ends a turn whose owner died with {@code eventJson} (seq = {@code lastSeq} + 1);
	 * false when the turn is alive, already ended, or moved on since {@code lastSeq} was
	 * read.
	 */
	Mono<Boolean> interrupt(String sessionId, String turnId, long lastSeq, String eventJson, String message, long now) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId));
		List<String> args = List.of(turnId, Long.toString(lastSeq), eventJson, this.keys.turnChannel(sessionId, turnId),
				Long.toString(now), Long.toString(this.properties.retention().toMillis()), message);
		return this.redis.execute(TurnScripts.INTERRUPT, keys, args).single().map((ended) -> ended == 1);
	}

	/**
	 * Records a decision on a pending approval: {@code ok}, {@code unknown} or
	 * {@code decided}.
	 */
	Mono<String> decide(String sessionId, String turnId, String callId, String decisionJson) {
		return this.redis
			.execute(TurnScripts.APPROVAL_DECIDE, List.of(this.keys.turnApprovals(sessionId, turnId)),
					List.of(callId, decisionJson))
			.next();
	}

	/** Up to {@link #PAGE} events after {@code afterSeq}, in order. */
	Flux<EventRecord> readAfter(String sessionId, String turnId, long afterSeq) {
		Range<String> range = Range.rightUnbounded(Range.Bound.inclusive("0-" + (afterSeq + 1)));
		return this.redis.<String, String>opsForStream()
			.range(this.keys.turnEvents(sessionId, turnId), range, Limit.limit().count(PAGE))
			.map((record) -> new EventRecord(record.getId().getSequence(), record.getValue().get("t"),
					record.getValue().get("d")));
	}

	/** The turn hash; empty when the turn does not exist (or expired). */
	Mono<Map<String, String>> info(String sessionId, String turnId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.turn(sessionId, turnId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> !fields.isEmpty());
	}

	/**
	 * Live notices of a turn's new events; the Mono completes once the subscription is
	 * active.
	 */
	Mono<Flux<EventRecord>> live(String sessionId, String turnId) {
		return this.listeners.container()
			.flatMap((container) -> container.receiveLater(ChannelTopic.of(this.keys.turnChannel(sessionId, turnId))))
			.map((messages) -> messages.map((message) -> EventRecord.fromNotice(message.getMessage())));
	}

}
