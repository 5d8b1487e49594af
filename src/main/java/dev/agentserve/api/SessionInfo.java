package dev.agentserve.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.session.Session;
import org.jspecify.annotations.Nullable;

/**
 * A session as the API shows it.
 *
 * @param cost what its turns cost ({@code {amount, currency}}, the session's own
 * {@code Cost}, passed through untouched: {@code api} does not import {@code event});
 * absent when no turn had a price
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SessionInfo(String sessionId, String agentType, Instant createdAt, Instant lastActive, Instant expiresAt,
		long ttlSeconds, long messageCount, String status, @Nullable Map<String, Object> initialContext,
		long tokensUsed, @Nullable Object cost) {

	static SessionInfo of(Session session) {
		return new SessionInfo(session.id(), session.agentType(), session.createdAt(), session.lastActive(),
				session.expiresAt(), session.ttl().toSeconds(), session.messageCount(), session.status().wireName(),
				session.initialContext(), session.tokensUsed(), session.cost());
	}

}
