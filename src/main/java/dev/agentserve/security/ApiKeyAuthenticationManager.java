package dev.agentserve.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Authenticates an API key by its SHA-256, compared with every configured hash in
 * constant time (all of them, always), so neither timing nor order reveals which keys
 * exist.
 */
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

	private final Map<String, byte[]> hashes;

	ApiKeyAuthenticationManager(SecurityProperties properties) {
		this.hashes = Map.copyOf(properties.apiKeys()
			.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
					(entry) -> HexFormat.of().parseHex(entry.getValue().substring("sha256:".length())))));
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		return Mono.fromCallable(() -> {
			byte[] presented = sha256(String.valueOf(authentication.getCredentials()));
			String user = null;
			for (Map.Entry<String, byte[]> entry : this.hashes.entrySet()) {
				if (MessageDigest.isEqual(presented, entry.getValue())) {
					user = entry.getKey();
				}
			}
			return authenticated(user);
		});
	}

	private static Authentication authenticated(@Nullable String user) {
		if (user == null) {
			throw new BadCredentialsException("Unknown API key");
		}
		return UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
