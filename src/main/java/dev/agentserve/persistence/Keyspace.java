package dev.agentserve.persistence;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Every Redis key of the service, in one place. Every key of one session carries the
 * session id as a Redis Cluster hash tag ({@code as:{id}:meta}), so scripts that touch
 * several of them run on one slot; the running-turn indexes share the {@code {running}}
 * tag, so one script can check and take the per-user and the deployment limit together.
 */
@Component
public class Keyspace {

	private final String prefix;

	public Keyspace(KeyspaceProperties properties) {
		this.prefix = properties.keyPrefix();
	}

	/** The prefix of keys that belong to no session (tickets, rate buckets). */
	public String prefix() {
		return this.prefix;
	}

	/** The prefix of every key of the session: {@code as:{id}:}. */
	public String session(String sessionId) {
		return this.prefix + "{" + sessionId + "}:";
	}

	public String meta(String sessionId) {
		return session(sessionId) + "meta";
	}

	public String history(String sessionId) {
		return session(sessionId) + "history";
	}

	/**
	 * The running turn's lease: {@code <turnId>:<fencing token>}, expiring unless
	 * renewed.
	 */
	public String lease(String sessionId) {
		return session(sessionId) + "lease";
	}

	/** The fencing counter, incremented for every turn that takes the lease. */
	public String fence(String sessionId) {
		return session(sessionId) + "fence";
	}

	/**
	 * The turn started by one {@code Idempotency-Key} of the session (a string holding
	 * the turn id, expiring with the turn's retention, so a long-lived session does not
	 * accumulate keys).
	 */
	public String idempotency(String sessionId, String idempotencyKey) {
		return session(sessionId) + "idem:" + idempotencyKey;
	}

	/** A cancel request for the session's running turn: the turn id, short-lived. */
	public String cancel(String sessionId) {
		return session(sessionId) + "cancel";
	}

	/** The session's turn ids, scored by start time (epoch ms). */
	public String turns(String sessionId) {
		return session(sessionId) + "turns";
	}

	/** A turn's hash: status, owner, fencing token, timings, usage. */
	public String turn(String sessionId, String turnId) {
		return session(sessionId) + "turn:" + turnId;
	}

	/**
	 * A turn's event log: a list whose n-th entry is the event with seq n, as
	 * {@code <type>:<epoch ms>:<body>} (the body without the envelope all its events
	 * share). A list rather than a Stream: a Stream preallocates a 4 KB node, more than a
	 * whole short turn needs, and the seq is the position.
	 */
	public String turnEvents(String sessionId, String turnId) {
		return turn(sessionId, turnId) + ":events";
	}

	/** A turn's tool-call approvals: call id → pending request or decision (JSON). */
	public String turnApprovals(String sessionId, String turnId) {
		return turn(sessionId, turnId) + ":approvals";
	}

	/** The pub/sub channel announcing a turn's new events (not a key). */
	public String turnChannel(String sessionId, String turnId) {
		return turn(sessionId, turnId) + ":live";
	}

	/**
	 * The keys that live and expire with the session, meta first, in the order the
	 * scripts expect them (the running summary last: it exists only for {@code summarize}
	 * agents, and sliding a key that does not exist is a no-op).
	 */
	public List<String> sessionData(String sessionId) {
		return List.of(meta(sessionId), history(sessionId), turns(sessionId), fence(sessionId), summary(sessionId));
	}

	/**
	 * Every running turn of the deployment ({@code "<sessionId> <turnId>"}), scored by
	 * when its lease expires: how a replica finds turns whose owner died.
	 */
	public String runningTurns() {
		return this.prefix + "{running}:turns";
	}

	/** The user's running turns, like {@link #runningTurns()}: for the per-user limit. */
	public String userRunningTurns(String userId) {
		return this.prefix + "{running}:user:" + userId;
	}

	/**
	 * The user's session index: a sorted set of session ids scored by expiry (epoch ms).
	 */
	public String userIndex(String userId) {
		return this.prefix + "user:" + userId + ":sessions";
	}

	/**
	 * What the user spent on one UTC day ({@code yyyy-mm-dd}): a hash of currency →
	 * nano-units, expiring after two days.
	 */
	public String userSpend(String userId, String day) {
		return this.prefix + "{user:" + userId + "}:spend:" + day;
	}

	/** Every live session of the service, scored by expiry (epoch ms). */
	public String globalIndex() {
		return this.prefix + "sessions";
	}

	/**
	 * A session's running summary (hash), expiring with the session (memory,
	 * {@code summarize}).
	 */
	public String summary(String sessionId) {
		return session(sessionId) + "summary";
	}

	/**
	 * The prefix of a user's long-term memory keys, {@code as:{mem:<user>}:}: one hash
	 * slot per user, so one script can touch the index, a memory and its vectors.
	 */
	public String memories(String userId) {
		return this.prefix + "{mem:" + userId + "}:";
	}

}
