package dev.agentserve.session;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Session and turn ids: random (version 4) UUIDs, 122 bits from a {@code SecureRandom}.
 */
public final class SessionIds {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private SessionIds() {
	}

	public static String next() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Whether the text can be a session id; anything else is never looked up in Redis.
	 */
	public static boolean isWellFormed(String id) {
		return CANONICAL.matcher(id).matches();
	}

}
