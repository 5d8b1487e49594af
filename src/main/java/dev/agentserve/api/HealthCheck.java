package dev.agentserve.api;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The outcome of checking one dependency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthCheck(String status, @Nullable Double latencyMs, @Nullable String error) {

	static final String HEALTHY = "healthy";

	static HealthCheck healthy(Duration latency) {
		return new HealthCheck(HEALTHY, latency.toNanos() / 1_000_000.0, null);
	}

	static HealthCheck unhealthy(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new HealthCheck("unhealthy", null, message);
	}

}
