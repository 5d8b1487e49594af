package dev.agentserve.model.http;

import java.util.regex.Pattern;

/** Keeps API keys out of messages that reach logs, events and clients. */
public final class Secrets {

	private static final Pattern KEY_LIKE = Pattern.compile("(sk-[A-Za-z0-9_*-]{4})[A-Za-z0-9_*-]{4,}");

	private static final int MAX_LENGTH = 300;

	private Secrets() {
	}

	/**
	 * The text with the key (and anything shaped like a key) masked, cut to a sane
	 * length.
	 */
	public static String redact(String text, String apiKey) {
		String redacted = text;
		if (!apiKey.isEmpty()) {
			redacted = redacted.replace(apiKey, "***");
		}
		redacted = KEY_LIKE.matcher(redacted).replaceAll("$1***");
		return (redacted.length() > MAX_LENGTH) ? redacted.substring(0, MAX_LENGTH) + "…" : redacted;
	}

}
