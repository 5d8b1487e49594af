package dev.agentserve.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service.
 *
 * @param apiKeys callers by user id, each with the SHA-256 of its API key as
 * {@code sha256:<64 hex digits>} ({@code printf %s "$KEY" | sha256sum}); empty runs the
 * service open, as one local user, on loopback only unless {@code server.address} is set
 * @param corsAllowedOrigins origins whose browser pages may call the API (CORS); none by
 * default
 * @param ticketReconnectWindow how long after its first use a stream ticket still lets
 * the same page reconnect (EventSource) to a stream of the same session; 0 makes every
 * ticket single-use
 */
@ConfigurationProperties("agentserve.security")
public record SecurityProperties(@DefaultValue Map<String, String> apiKeys,
		@DefaultValue List<String> corsAllowedOrigins, @DefaultValue("5m") Duration ticketReconnectWindow) {

	public SecurityProperties {
		apiKeys.forEach((user, hash) -> {
			if (!ApiKeySettings.isHash(hash)) {
				throw new IllegalArgumentException("agentserve.security.api-keys." + user
						+ " must be sha256:<64 lower-case hex digits> (the key itself is never configured)");
			}
		});
		if (ticketReconnectWindow.isNegative()) {
			throw new IllegalArgumentException("agentserve.security.ticket-reconnect-window must not be negative");
		}
		apiKeys = Map.copyOf(apiKeys);
		corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
	}

	/** Never prints the hashes. */
	@Override
	public String toString() {
		return "SecurityProperties[apiKeys=" + this.apiKeys.keySet() + ", corsAllowedOrigins=" + this.corsAllowedOrigins
				+ ", ticketReconnectWindow=" + this.ticketReconnectWindow + "]";
	}

}
