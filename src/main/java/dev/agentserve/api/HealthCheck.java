package dev.agentserve.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The outcome of checking one dependency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthCheck(String status, @Nullable Double latencyMs, @Nullable String error) {

	static final String HEALTHY = "healthy";

	static HealthCheck healthy(Duration latency) {
		return new HealthCheck(HEALTHY, latency.toNanos() / 1_000_000.0, null);
	}

	/**
	 * A fixed word, never the exception's text: that names hosts, ports and driver
	 * internals.
	 */
	static HealthCheck unhealthy(Throwable ex) {
		return new HealthCheck("unhealthy", null, (ex instanceof TimeoutException) ? "timeout" : "unreachable");
	}

}
