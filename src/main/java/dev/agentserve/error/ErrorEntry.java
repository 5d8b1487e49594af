package dev.agentserve.error;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one failure becomes for a client: a stable snake_case {@code code} (the WebSocket
 * error frame's {@code code}, and a problem property), the HTTP status and title, a
 * sentence the client may read, an optional {@code Retry-After}, extra problem properties
 * ({@code turnId}, {@code knownAgentTypes}, ...) and extra HTTP headers ({@code Allow},
 * {@code Connection: close}).
 */
public record ErrorEntry(String code, int status, String title, String detail, @Nullable Duration retryAfter,
		Map<String, Object> properties, Map<String, String> headers) {

	public ErrorEntry {
		if (!code.matches("[a-z][a-z_]*")) {
			throw new IllegalArgumentException("An error code is snake_case: " + code);
		}
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("An error status is 4xx or 5xx: " + status);
		}
		if (retryAfter != null && (retryAfter.isNegative() || retryAfter.isZero())) {
			throw new IllegalArgumentException("Retry-After must be positive: " + retryAfter);
		}
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	ErrorEntry(String code, int status, String title, String detail) {
		this(code, status, title, detail, null, Map.of(), Map.of());
	}

	/** The {@code Retry-After} value in whole seconds (rounded up), if any. */
	public @Nullable Long retryAfterSeconds() {
		return (this.retryAfter != null) ? Math.max(1, (this.retryAfter.toMillis() + 999) / 1000) : null;
	}

	public ErrorEntry withDetail(String detail) {
		return new ErrorEntry(this.code, this.status, this.title, detail, this.retryAfter, this.properties,
				this.headers);
	}

	ErrorEntry retryAfter(Duration delay) {
		return new ErrorEntry(this.code, this.status, this.title, this.detail, delay, this.properties, this.headers);
	}

	ErrorEntry property(String name, @Nullable Object value) {
		if (value == null) {
			return this;
		}
		Map<String, Object> more = new LinkedHashMap<>(this.properties);
		more.put(name, value);
		return new ErrorEntry(this.code, this.status, this.title, this.detail, this.retryAfter, more, this.headers);
	}

	ErrorEntry header(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new ErrorEntry(this.code, this.status, this.title, this.detail, this.retryAfter, this.properties, more);
	}

}
