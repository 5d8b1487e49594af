package dev.agentserve.session;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Redis keys. Every key of one session carries the session id as a Redis Cluster hash tag
 * ({@code as:{id}:meta}), so scripts that touch several of them run on one slot.
 */
@Component
public class SessionKeys {

	private final String prefix;

	SessionKeys(KeyspaceProperties properties) {
		this.prefix = properties.keyPrefix();
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

	/** The keys of the session's own data, in the order the scripts expect them. */
	List<String> sessionData(String sessionId) {
		return List.of(meta(sessionId), history(sessionId));
	}

	/**
	 * The user's session index: a sorted set of session ids scored by expiry (epoch ms).
	 */
	String userIndex(String userId) {
		return this.prefix + "user:" + userId + ":sessions";
	}

	/** Every live session of the service, scored by expiry (epoch ms). */
	String globalIndex() {
		return this.prefix + "sessions";
	}

}
