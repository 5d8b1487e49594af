package dev.agentserve.api;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service.
 *
 * @param apiKeys callers by user id, each with the SHA-256 of its API key as
 * {@code sha256:<64 hex digits>} ({@code printf %s "$KEY" | sha256sum}); empty runs the
 * service open, as one local user
 * @param corsAllowedOrigins origins whose browser pages may call the API (CORS); none by
 * default
 */
@ConfigurationProperties("agentserve.security")
public record SecurityProperties(@DefaultValue Map<String, String> apiKeys,
		@DefaultValue List<String> corsAllowedOrigins) {

	private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

	public SecurityProperties {
		apiKeys.forEach((user, hash) -> {
			if (!HASH.matcher(hash).matches()) {
				throw new IllegalArgumentException("agentserve.security.api-keys." + user
						+ " must be sha256:<64 lower-case hex digits> (the key itself is never configured)");
			}
		});
		apiKeys = Map.copyOf(apiKeys);
		corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
	}

	/** Never prints the hashes. */
	@Override
	public String toString() {
		return "SecurityProperties[apiKeys=" + this.apiKeys.keySet() + "]";
	}

}
