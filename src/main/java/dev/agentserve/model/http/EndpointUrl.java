package dev.agentserve.model.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A configured {@code base-url} split into what is sent and what may be shown. User info
 * ({@code https://user:pass@host/v1}) never reaches the request line: it is sent as
 * {@code Authorization: Basic}. Query parameters ({@code ?api-key=...}) are sent after
 * the path of each request. {@link #secrets()} are the values to mask in any text.
 *
 * @param base scheme, host, port and path, without a trailing slash
 * @param query the raw query, if any
 * @param userInfo the decoded user info, if any
 * @param secrets user info, password and key-like query values (raw and decoded)
 */
record EndpointUrl(String base, @Nullable String query, @Nullable String userInfo, List<String> secrets) {

	private static final Pattern KEY_LIKE_NAME = Pattern
		.compile(".*(key|token|secret|passw|pwd|sig|auth|credential|code).*");

	EndpointUrl {
		secrets = List.copyOf(secrets);
	}

	/** The message names no part of the URL: it may hold credentials. */
	static EndpointUrl parse(String baseUrl) {
		URI uri;
		try {
			uri = new URI(baseUrl.strip());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("the base-url of a model endpoint is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
			throw new IllegalArgumentException("the base-url of a model endpoint must be an absolute http(s) URL");
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		String base = scheme + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "") + path;
		List<String> secrets = new ArrayList<>();
		String userInfo = null;
		if (uri.getRawUserInfo() != null) {
			userInfo = decode(uri.getRawUserInfo());
			addSecret(secrets, uri.getRawUserInfo());
			int colon = uri.getRawUserInfo().indexOf(':');
			if (colon >= 0) {
				addSecret(secrets, uri.getRawUserInfo().substring(colon + 1));
			}
		}
		if (uri.getRawQuery() != null) {
			for (String parameter : uri.getRawQuery().split("&")) {
				int equals = parameter.indexOf('=');
				String name = decode((equals < 0) ? parameter : parameter.substring(0, equals))
					.toLowerCase(Locale.ROOT);
				if (equals < 0) {
					addSecret(secrets, parameter);
				}
				else if (KEY_LIKE_NAME.matcher(name).matches()) {
					addSecret(secrets, parameter.substring(equals + 1));
				}
			}
		}
		return new EndpointUrl(base, uri.getRawQuery(), userInfo, secrets);
	}

	/** The URL of a request to {@code path} (which starts with a slash). */
	String resolve(String path) {
		return this.base + path + ((this.query != null) ? "?" + this.query : "");
	}

	private static void addSecret(List<String> secrets, String raw) {
		if (raw.length() >= 3) {
			secrets.add(raw);
			String decoded = decode(raw);
			if (!decoded.equals(raw)) {
				secrets.add(decoded);
			}
		}
	}

	private static String decode(String raw) {
		try {
			return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return raw;
		}
	}

}
