package dev.agentserve.session;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** What a caller asks for when creating a session; the store assigns id and times. */
public record NewSession(String userId, String agentType, Duration ttl, @Nullable Map<String, Object> initialContext) {

	public NewSession {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(agentType, "agentType");
		Objects.requireNonNull(ttl, "ttl");
	}

}
