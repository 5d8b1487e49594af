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
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TokenUsage;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns on Redis: the lease, the turn hash and its event log (a list, see
 * {@link Keyspace#turnEvents}), and a pub/sub notice per written batch so followers on
 * any replica wake up at once.
 */
@Repository
class TurnStore {

	static final int PAGE = 500;

	private final ReactiveStringRedisTemplate redis;

	private final TurnNoticeListener listeners;

	private final Keyspace keys;

	private final TurnProperties properties;

	private final String owner;

	private final EventCodec codec;

	TurnStore(ReactiveStringRedisTemplate redis, TurnNoticeListener listeners, Keyspace keys, TurnProperties properties,
			InstanceId instance, EventCodec codec) {
		this.redis = redis;
		this.listeners = listeners;
		this.keys = keys;
		this.properties = properties;
		this.owner = instance.value();
		this.codec = codec;
	}

	Mono<StartResult> start(TurnStart turn) {
		String sid = turn.sessionId();
		String idempotency = turn.idempotencyKey().isEmpty() ? this.keys.meta(sid)
				: this.keys.idempotency(sid, turn.idempotencyKey());
		List<String> keys = List.of(this.keys.meta(sid), this.keys.history(sid), this.keys.turns(sid),
				this.keys.fence(sid), idempotency, this.keys.lease(sid), this.keys.turn(sid, turn.turnId()),
				this.keys.turnEvents(sid, turn.turnId()), this.keys.cancel(sid), this.keys.summary(sid));
		long keepTurnIds = turn.nowMillis() - turn.turnTtlMillis();
		List<String> args = List.of(turn.userId(), turn.turnId(), Long.toString(this.properties.lease().toMillis()),
				Long.toString(turn.nowMillis()), Long.toString(turn.turnTtlMillis()), turn.agentType(), this.owner,
				turn.userMessageJson(), turn.firstEventBody(), this.keys.turnChannel(sid, turn.turnId()),
				Integer.toString(this.properties.maxHistory()), turn.idempotencyKey(),
				Long.toString(turn.deadlineMillis()), Long.toString(keepTurnIds),
				Integer.toString(this.properties.contextMessages()));
		return this.redis.execute(TurnScripts.START, keys, args).single().map((result) -> {
			List<?> reply = (List<?>) result;
			return switch ((String) reply.get(0)) {
				case "started" -> new StartResult.Started((String) reply.get(1),
						reply.subList(2, reply.size()).stream().map(String.class::cast).toList());
				case "busy" -> new StartResult.Busy((String) reply.get(1));
				case "existing" -> new StartResult.Existing((String) reply.get(1));
				case "late" -> new StartResult.Late();
				default -> new StartResult.Missing();
			};
		});
	}

	/**
	 * Appends a batch of non-terminal events (consecutive seqs) with the turn's usage so
	 * far, in one round trip; false when the lease is lost.
	 */
	Mono<Boolean> append(String sessionId, String turnId, String token, List<LogEntry> entries, TokenUsage usage) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId));
		List<String> args = new ArrayList<>(5 + 3 * entries.size());
		args.add(token);
		args.add(Long.toString(entries.get(0).seq()));
		args.add(this.keys.turnChannel(sessionId, turnId));
		args.add(Long.toString(usage.inputTokens()));
		args.add(Long.toString(usage.outputTokens()));
		addEntries(args, entries);
		return this.redis.execute(TurnScripts.APPEND, keys, args).single().map((ok) -> ok == 1);
	}

	/**
	 * Appends the turn's last events (the terminal one last), the outcome and the
	 * history, in one round trip; false when the lease is lost.
	 */
	Mono<Boolean> finish(String sessionId, String turnId, String token, List<LogEntry> entries, String outcomeJson,
			List<String> messages, long nowMillis) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId), this.keys.meta(sessionId), this.keys.history(sessionId),
				this.keys.turns(sessionId), this.keys.fence(sessionId), this.keys.cancel(sessionId),
				this.keys.summary(sessionId));
		List<String> args = new ArrayList<>(8 + messages.size() + 3 * entries.size());
		args.addAll(List.of(token, Long.toString(entries.get(0).seq()), this.keys.turnChannel(sessionId, turnId),
				Long.toString(nowMillis), Long.toString(this.properties.retention().toMillis()),
				Integer.toString(this.properties.maxHistory()), outcomeJson, Integer.toString(messages.size())));
		args.addAll(messages);
		addEntries(args, entries);
		return this.redis.execute(TurnScripts.FINISH, keys, args).single().map((ok) -> ok == 1);
	}

	private static void addEntries(List<String> args, List<LogEntry> entries) {
		for (LogEntry entry : entries) {
			args.add(entry.type());
			args.add(Long.toString(entry.millis()));
			args.add(entry.body());
		}
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
	Mono<Boolean> interrupt(String sessionId, String turnId, long lastSeq, String eventBody, String message, long now) {
		List<String> keys = List.of(this.keys.lease(sessionId), this.keys.turn(sessionId, turnId),
				this.keys.turnEvents(sessionId, turnId), this.keys.meta(sessionId));
		List<String> args = List.of(turnId, Long.toString(lastSeq), eventBody, this.keys.turnChannel(sessionId, turnId),
				Long.toString(now), Long.toString(this.properties.retention().toMillis()), message);
		return this.redis.execute(TurnScripts.INTERRUPT, keys, args).single().map((ended) -> ended == 1);
	}

	/** Up to {@link #PAGE} events after {@code afterSeq}, in order. */
	Flux<EventRecord> readAfter(String sessionId, String turnId, long afterSeq) {
		String events = this.keys.turnEvents(sessionId, turnId);
		// The n-th entry of the log is the event with seq n.
		return this.redis.opsForList()
			.range(events, afterSeq, afterSeq + PAGE - 1)
			.index()
			.map((entry) -> toRecord(sessionId, turnId, afterSeq + 1 + entry.getT1(), entry.getT2()))
			.onErrorResume(TurnStore::legacyLog, (ex) -> readLegacy(sessionId, turnId,
					Range.rightUnbounded(Range.Bound.inclusive("0-" + (afterSeq + 1))), false));
	}

	/** The turn's last stored event (its terminal, once it has ended). */
	Flux<EventRecord> readLast(String sessionId, String turnId) {
		String events = this.keys.turnEvents(sessionId, turnId);
		return this.redis.opsForList()
			.size(events)
			.filter((size) -> size > 0)
			.flatMapMany((size) -> this.redis.opsForList()
				.range(events, size - 1, size - 1)
				.map((entry) -> toRecord(sessionId, turnId, size, entry)))
			.onErrorResume(TurnStore::legacyLog,
					(ex) -> readLegacy(sessionId, turnId, Range.<String>unbounded(), true));
	}

	private EventRecord toRecord(String sessionId, String turnId, long seq, String entry) {
		return LogEntry.parse(seq, entry).toRecord(this.codec, sessionId, turnId);
	}

	/**
	 * A log written as a Redis Stream of whole wire events, by versions before the list
	 * (kept for the turns they left, until those expire).
	 */
	private static boolean legacyLog(Throwable ex) {
		return String.valueOf(ex.getMessage()).contains("WRONGTYPE")
				|| (ex.getCause() != null && String.valueOf(ex.getCause().getMessage()).contains("WRONGTYPE"));
	}

	private Flux<EventRecord> readLegacy(String sessionId, String turnId, Range<String> range, boolean last) {
		String events = this.keys.turnEvents(sessionId, turnId);
		var stream = this.redis.<String, String>opsForStream();
		return (last ? stream.reverseRange(events, range, Limit.limit().count(1))
				: stream.range(events, range, Limit.limit().count(PAGE)))
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
			.map((messages) -> messages.flatMapIterable((message) -> notice(sessionId, turnId, message.getMessage())));
	}

	/**
	 * The events of a live notice; none when it cannot be read (a notice of another
	 * version): followers then catch up from the log at their next poll.
	 */
	private List<EventRecord> notice(String sessionId, String turnId, String notice) {
		try {
			List<LogEntry> entries = LogEntry.fromNotice(notice);
			List<EventRecord> records = new ArrayList<>(entries.size());
			for (LogEntry entry : entries) {
				records.add(entry.toRecord(this.codec, sessionId, turnId));
			}
			return records;
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

}
