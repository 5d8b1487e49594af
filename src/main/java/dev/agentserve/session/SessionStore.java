package dev.agentserve.session;

import java.time.Duration;
import java.util.List;

import dev.agentserve.model.Message;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Storage of sessions and their history. Every lookup takes the caller's user id: a
 * session of another user is absent (an empty {@code Mono}), exactly like a missing one.
 * Operations that count as activity slide the session's expiry. Policy (TTL bounds,
 * limits) lives in {@link SessionService}, not here.
 */
public interface SessionStore {

	/**
	 * Stores a new session with a fresh random id, unless the service already holds
	 * {@code maxActive} live sessions (0: no limit): counted and claimed in one step with
	 * the service-wide index, so concurrent creations cannot pass the limit together.
	 * Empty when full.
	 */
	Mono<Session> create(NewSession session, int maxActive);

	/** The session, sliding its expiry; empty when absent or not the user's. */
	Mono<Session> open(String id, String userId);

	/** Replaces the TTL and slides the expiry; empty when absent or not the user's. */
	Mono<Session> updateTtl(String id, String userId, Duration ttl);

	/** The user's live sessions, most recently active first, without sliding them. */
	Flux<Session> list(String userId, int max);

	/**
	 * The last {@code limit} messages, oldest first, sliding the expiry; empty when
	 * absent.
	 */
	Mono<List<Message>> history(String id, String userId, int limit);

	/** Deletes the session and its data; false when absent or not the user's. */
	Mono<Boolean> delete(String id, String userId);

	/** How many sessions are alive across the service. */
	Mono<Long> countActive();

	/** Round-trip time to the store; an error when it cannot be reached. */
	Mono<Duration> ping();

}
