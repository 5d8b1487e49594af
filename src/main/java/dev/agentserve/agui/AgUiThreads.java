package dev.agentserve.agui;

import java.time.Duration;
import java.util.Map;

import dev.agentserve.persistence.Keyspace;
import dev.agentserve.session.Session;
import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.session.SessionService;
import dev.agentserve.turn.TurnProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * AG-UI threads as sessions: {@code <prefix>agui:{user:<id>}:thread:<threadId>} holds the
 * caller's session of the thread, so a thread id names a session only for the caller who
 * made it (another caller's same thread id is another session). The key expires with the
 * session's idle TTL, renewed by each run; a thread whose session ended gets a new one.
 * Also keeps where a run that ended for the client's tools stopped:
 * {@code <session>agui:call:<callId>} → {@code <turnId> <seq>}.
 */
@Component
class AgUiThreads {

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	private final SessionService sessions;

	private final Duration callKeep;

	AgUiThreads(ReactiveStringRedisTemplate redis, Keyspace keys, SessionService sessions, TurnProperties turns) {
		this.redis = redis;
		this.keys = keys;
		this.sessions = sessions;
		this.callKeep = turns.retention();
	}

	/**
	 * The caller's session of the thread, created (of {@code agentType}, starting with
	 * {@code state} as its initial context) on first use.
	 */
	Mono<Session> session(String userId, String threadId, String agentType, @Nullable Map<String, Object> state) {
		String key = threadKey(userId, threadId);
		return this.redis.opsForValue()
			.get(key)
			.flatMap((sessionId) -> this.sessions.get(sessionId, userId)
				.onErrorResume(SessionNotFoundException.class, (ex) -> this.redis.delete(key).then(Mono.empty())))
			.switchIfEmpty(Mono.defer(() -> create(key, userId, agentType, state)))
			.flatMap((session) -> this.redis.expire(key, session.ttl()).thenReturn(session));
	}

	private Mono<Session> create(String key, String userId, String agentType, @Nullable Map<String, Object> state) {
		return this.sessions.create(userId, agentType, state, null)
			.flatMap((session) -> this.redis.opsForValue()
				.setIfAbsent(key, session.id(), session.ttl())
				.flatMap((ours) -> ours ? Mono.just(session) : winner(key, userId, session)));
	}

	/**
	 * Two first runs of a thread raced: the other one's session is the thread's; ours is
	 * deleted.
	 */
	private Mono<Session> winner(String key, String userId, Session lost) {
		return this.sessions.delete(lost.id(), userId)
			.onErrorResume((ex) -> Mono.empty())
			.then(this.redis.opsForValue().get(key))
			.flatMap((sessionId) -> this.sessions.get(sessionId, userId));
	}

	Mono<Void> rememberCall(String sessionId, String callId, String turnId, long seq) {
		return this.redis.opsForValue().set(callKey(sessionId, callId), turnId + " " + seq, this.callKeep).then();
	}

	/** Where the run with the call stopped: {@code [turnId, seq]}; empty if unknown. */
	Mono<String[]> call(String sessionId, String callId) {
		return this.redis.opsForValue().get(callKey(sessionId, callId)).map((value) -> value.split(" ", 2));
	}

	private String threadKey(String userId, String threadId) {
		return this.keys.prefix() + "agui:{user:" + userId + "}:thread:" + threadId;
	}

	private String callKey(String sessionId, String callId) {
		return this.keys.session(sessionId) + "agui:call:" + callId;
	}

}
