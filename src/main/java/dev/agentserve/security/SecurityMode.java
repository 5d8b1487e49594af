package dev.agentserve.security;

import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether callers are configured, decided from the environment alone so that the bind
 * address (chosen before any bean exists) and the security filter chain agree: open mode
 * is no API key and no JWT issuer, JWK set or public key.
 *
 * @param apiKeys at least one API key is configured
 * @param jwt a JWT resource-server property is set
 */
public record SecurityMode(boolean apiKeys, boolean jwt) {

	static final List<String> JWT_PROPERTIES = List.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
			"spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
			"spring.security.oauth2.resourceserver.jwt.public-key-location");

	public static SecurityMode of(Environment environment) {
		boolean jwt = JWT_PROPERTIES.stream().anyMatch((name) -> StringUtils.hasText(environment.getProperty(name)));
		return new SecurityMode(!ApiKeySettings.callers(environment).isEmpty(), jwt);
	}

	/** No caller is configured: anyone who reaches the service is the local user. */
	public boolean open() {
		return !this.apiKeys && !this.jwt;
	}

}
