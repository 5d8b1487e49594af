package dev.agentserve.model.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Keeps API keys and URL credentials out of messages that reach logs, events and clients.
 */
public final class Secrets {

	/** What stands for a removed value. */
	public static final String REDACTED = "<redacted>";

	private static final Pattern KEY_LIKE = Pattern.compile("(sk-[A-Za-z0-9_*-]{4})[A-Za-z0-9_*-]{4,}");

	private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s\"']+@");

	private static final Pattern KEY_LIKE_PARAMETER = Pattern.compile(
			"(?i)([?&;](?:[a-z0-9_.-]*(?:key|token|secret|passw|pwd|sig|auth|credential)[a-z0-9_.-]*)=)[^&;#\\s\"']+");

	private static final int MAX_LENGTH = 300;

	private Secrets() {
	}

	/**
	 * The text with the key (and anything shaped like a key) masked, cut to a sane
	 * length.
	 */
	public static String redact(String text, String apiKey) {
		return redact(text, List.of(apiKey));
	}

	/**
	 * The text with each secret, anything shaped like a key, the credentials of any URL
	 * and the values of key-like URL parameters masked, cut to a sane length.
	 */
	public static String redact(String text, Collection<String> secrets) {
		String redacted = text;
		for (String secret : secrets) {
			if (!secret.isEmpty()) {
				redacted = redacted.replace(secret, "***");
			}
		}
		redacted = KEY_LIKE.matcher(redacted).replaceAll("$1***");
		redacted = URL_USERINFO.matcher(redacted).replaceAll("$1");
		redacted = KEY_LIKE_PARAMETER.matcher(redacted).replaceAll("$1" + REDACTED);
		return (redacted.length() > MAX_LENGTH) ? redacted.substring(0, MAX_LENGTH) + "…" : redacted;
	}

	/**
	 * A URL as it may be shown: scheme, host, port and path; no user info, every query
	 * value replaced by {@value #REDACTED} (names kept; a bare parameter is itself
	 * replaced), no fragment. Text that is no hierarchical URL shows only its scheme.
	 */
	public static String url(@Nullable String text) {
		if (text == null) {
			return "<none>";
		}
		URI uri;
		try {
			uri = new URI(text.strip());
		}
		catch (URISyntaxException ex) {
			return "<not a URL>";
		}
		if (uri.isOpaque() || uri.getRawAuthority() == null) {
			return (uri.getScheme() != null) ? uri.getScheme() + ":" + REDACTED : "<not a URL>";
		}
		StringBuilder shown = new StringBuilder();
		if (uri.getScheme() != null) {
			shown.append(uri.getScheme()).append(':');
		}
		shown.append("//");
		if (uri.getHost() != null) {
			shown.append(uri.getHost());
			if (uri.getPort() >= 0) {
				shown.append(':').append(uri.getPort());
			}
		}
		else {
			String authority = uri.getRawAuthority();
			shown.append(authority.substring(authority.lastIndexOf('@') + 1));
		}
		shown.append((uri.getRawPath() != null) ? uri.getRawPath() : "");
		if (uri.getRawQuery() != null) {
			shown.append('?').append(redactQuery(uri.getRawQuery()));
		}
		return shown.toString();
	}

	private static String redactQuery(String query) {
		StringBuilder shown = new StringBuilder();
		for (String parameter : query.split("&", -1)) {
			if (!shown.isEmpty()) {
				shown.append('&');
			}
			int equals = parameter.indexOf('=');
			// A parameter without a name=value shape may itself be the secret.
			shown.append((equals < 0) ? (parameter.isEmpty() ? "" : REDACTED)
					: parameter.substring(0, equals + 1) + REDACTED);
		}
		return shown.toString();
	}

}
