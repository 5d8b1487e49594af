package dev.agentserve.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.agentserve.event.Cost;
import org.jspecify.annotations.Nullable;

/**
 * A conversation with one agent, owned by one user. It expires {@code ttl} after its last
 * activity.
 *
 * @param cost what its ended turns cost; null when none had a price
 */
public record Session(String id, String userId, String agentType, Instant createdAt, Instant lastActive, Duration ttl,
		SessionStatus status, long messageCount, @Nullable Map<String, Object> initialContext, long tokensUsed,
		Instant deadline, @Nullable Cost cost) {

	public Session {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(agentType, "agentType");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(lastActive, "lastActive");
		Objects.requireNonNull(status, "status");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		initialContext = (initialContext != null) ? Map.copyOf(initialContext) : null;
	}

	/**
	 * When the session ends if idle: a TTL after the last activity, never past its
	 * deadline.
	 */
	public Instant expiresAt() {
		Instant idle = this.lastActive.plus(this.ttl);
		return idle.isBefore(this.deadline) ? idle : this.deadline;
	}

}
