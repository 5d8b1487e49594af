package dev.agentserve.session;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** What a caller asks for when creating a session; the store assigns id and times. */
public record NewSession(String userId, String agentType, Duration ttl, @Nullable Map<String, Object> initialContext,
		Duration maxDuration) {

	/** Sessions live at most this long when no maximum duration is given. */
	static final Duration UNLIMITED = Duration.ofDays(36500);

	public NewSession {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(agentType, "agentType");
		Objects.requireNonNull(ttl, "ttl");
		Objects.requireNonNull(maxDuration, "maxDuration");
	}

	public NewSession(String userId, String agentType, Duration ttl, @Nullable Map<String, Object> initialContext) {
		this(userId, agentType, ttl, initialContext, UNLIMITED);
	}

}
