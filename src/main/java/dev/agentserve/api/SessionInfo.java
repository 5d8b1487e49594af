package dev.agentserve.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.session.Session;
import org.jspecify.annotations.Nullable;

/** A session as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SessionInfo(String sessionId, String agentType, Instant createdAt, Instant lastActive, Instant expiresAt,
		long ttlSeconds, long messageCount, String status, @Nullable Map<String, Object> initialContext,
		long tokensUsed) {

	static SessionInfo of(Session session) {
		return new SessionInfo(session.id(), session.agentType(), session.createdAt(), session.lastActive(),
				session.expiresAt(), session.ttl().toSeconds(), session.messageCount(), session.status().wireName(),
				session.initialContext(), session.tokensUsed());
	}

}
