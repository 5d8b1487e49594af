package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentserve.persistence.Keyspace;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import dev.agentserve.event.TokenUsage;
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

	private final Keyspace keys;

	private final TurnProperties properties;

	private final String owner;

	TurnStore(ReactiveStringRedisTemplate redis, TurnNoticeListener listeners, Keyspace keys, TurnProperties properties,
			InstanceId instance) {
		this.redis = redis;
		this.listeners = listeners;
		this.keys = keys;
		this.properties = properties;
		this.owner = instance.value();
	}

	Mono<StartResult> start(TurnStart turn) {
		String sid = turn.sessionId();
		String idempotency = turn.idempotencyKey().isEmpty() ? this.keys.meta(sid)
				: this.keys.idempotency(sid, turn.idempotencyKey());
		List<String> keys = List.of(this.keys.meta(sid), this.keys.history(sid), this.keys.turns(sid),
				this.keys.fence(sid), idempotency, this.keys.lease(sid), this.keys.turn(sid, turn.turnId()),
				this.keys.turnEvents(sid, turn.turnId()), this.keys.cancel(sid));
		long keepTurnIds = turn.nowMillis() - turn.turnTtlMillis();
		List<String> args = List.of(turn.userId(), turn.turnId(), Long.toString(this.properties.lease().toMillis()),
				Long.toString(turn.nowMillis()), Long.toString(turn.turnTtlMillis()), turn.agentType(), this.owner,
				turn.userMessageJson(), turn.firstEventJson(), this.keys.turnChannel(sid, turn.turnId()),
				Integer.toString(this.properties.maxHistory()), turn.idempotencyKey(),
				Long.toString(turn.deadlineMillis()), Long.toString(keepTurnIds));
		return this.redis.execute(TurnScripts.START, keys, args).single().map((result) -> {
			List<?> reply = (List<?>) result;
			return switch ((String) reply.get(0)) {
				case "started" -> new StartResult.Started((String) reply.get(1));
				case "busy" -> new StartResult.Busy((String) reply.get(1));
				case "existing" -> new StartResult.Existing((String) reply.get(1));
				case "late" -> new StartResult.Late();
				default -> new StartResult.Missing();
			};
		});
	}

	/**
	 * Appends a non-terminal event with the turn's usage so far; false when the lease is
	 * lost.
	 */
	Mono<Boolean> append(String sessionId, String turnId, String token, EventRecord event, TokenUsage usage) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId));
		List<String> args = List.of(token, Long.toString(event.seq()), event.type(), event.json(),
				this.keys.turnChannel(sessionId, turnId), Long.toString(usage.inputTokens()),
				Long.toString(usage.outputTokens()));
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
				this.keys.turns(sessionId), this.keys.fence(sessionId), this.keys.cancel(sessionId));
		List<String> args = new ArrayList<>(List.of(token, Long.toString(event.seq()), event.type(), event.json(),
				this.keys.turnChannel(sessionId, turnId), Long.toString(nowMillis),
				Long.toString(this.properties.retention().toMillis()), Integer.toString(this.properties.maxHistory()),
				outcomeJson));
		args.addAll(messages);
		return this.redis.execute(TurnScripts.FINISH, keys, args).single().map((ok) -> ok == 1);
	}

	/**
	 * Flags the session's running turn for cancellation. Empty when the session is
	 * absent; an empty string when no turn runs; else the running turn's id.
	 */
	Mono<String> requestCancel(String sessionId, String userId) {
		long lifetime = this.properties.lease().plus(this.properties.cancelPoll()).toMillis();
		return this.redis
			.execute(TurnScripts.CANCEL,
					List.of(this.keys.lease(sessionId), this.keys.meta(sessionId), this.keys.cancel(sessionId)),
					List.of(userId, Long.toString(lifetime)))
			.next()
			.flatMap((result) -> {
				List<?> reply = (List<?>) result;
				if (reply.isEmpty()) {
					return Mono.empty();
				}
				return Mono.just((reply.size() > 1) ? (String) reply.get(1) : "");
			});
	}

	/**
	 * Takes a place among the running turns for the user and the deployment, in one step
	 * (so racing starts cannot overshoot a limit), scored by when the lease would expire.
	 * Refused with {@link TooManyTurnsException}; nothing is written after
	 * {@code deadline} (Redis's clock, 0 for none).
	 */
	Mono<Void> reserveRunning(String sessionId, String turnId, String userId, long leaseExpiresAt, long now,
			int perUser, int total, long deadline) {
		long keep = this.properties.lease().plus(this.properties.retention()).toMillis();
		List<String> args = List.of(sessionId + " " + turnId, Long.toString(leaseExpiresAt), Long.toString(now),
				Integer.toString(perUser), Integer.toString(total), Long.toString(now - keep), Long.toString(keep),
				Long.toString(deadline));
		return this.redis
			.execute(TurnScripts.RUNNING_RESERVE, List.of(this.keys.runningTurns(), this.keys.userRunningTurns(userId)),
					args)
			.next()
			.flatMap((result) -> {
				List<?> reply = (List<?>) result;
				return switch ((String) reply.get(0)) {
					case "user" -> Mono.error(new TooManyTurnsException("You already run " + reply.get(1)
							+ " turns, the most one user may (max-concurrent-per-user)"));
					case "total" -> Mono.error(new TooManyTurnsException(
							"The service runs " + reply.get(1) + " turns, its maximum (max-concurrent-total)"));
					case "late" ->
						Mono.error(new QueryTimeoutException("Redis ran the reservation after its deadline"));
					default -> Mono.empty();
				};
			});
	}

	Mono<Void> releaseRunning(String sessionId, String turnId, String userId) {
		return this.redis
			.execute(TurnScripts.RUNNING_RELEASE, List.of(this.keys.runningTurns(), this.keys.userRunningTurns(userId)),
					List.of(sessionId + " " + turnId))
			.then();
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
				this.keys.turnEvents(sessionId, turnId), this.keys.meta(sessionId));
		List<String> args = List.of(turnId, Long.toString(lastSeq), eventJson, this.keys.turnChannel(sessionId, turnId),
				Long.toString(now), Long.toString(this.properties.retention().toMillis()), message);
		return this.redis.execute(TurnScripts.INTERRUPT, keys, args).single().map((ended) -> ended == 1);
	}

	/** Up to {@link #PAGE} events after {@code afterSeq}, in order. */
	Flux<EventRecord> readAfter(String sessionId, String turnId, long afterSeq) {
		Range<String> range = Range.rightUnbounded(Range.Bound.inclusive("0-" + (afterSeq + 1)));
		return this.redis.<String, String>opsForStream()
			.range(this.keys.turnEvents(sessionId, turnId), range, Limit.limit().count(PAGE))
			.map((record) -> new EventRecord(record.getId().getSequence(), record.getValue().get("t"),
					record.getValue().get("d")));
	}

	/** The turn's last stored event (its terminal, once it has ended). */
	Flux<EventRecord> readLast(String sessionId, String turnId) {
		return this.redis.<String, String>opsForStream()
			.reverseRange(this.keys.turnEvents(sessionId, turnId), Range.unbounded(), Limit.limit().count(1))
			.map((record) -> new EventRecord(record.getId().getSequence(), record.getValue().get("t"),
					record.getValue().get("d")));
	}

	/** The turn; empty when the turn does not exist (or expired). */
	Mono<TurnRecord> info(String sessionId, String turnId) {
		return this.redis.<String, String>opsForHash()
			.entries(this.keys.turn(sessionId, turnId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> !fields.isEmpty())
			.map(TurnRecord::decode);
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
