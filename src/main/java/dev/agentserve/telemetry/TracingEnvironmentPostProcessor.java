package dev.agentserve.telemetry;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Traces turns only where they go somewhere: with no OTLP endpoint configured, tracing is
 * off (no spans, no trace ids), since building spans no one exports cost half the
 * throughput of a one-client benchmark. An explicit {@code management.tracing.enabled}
 * wins.
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String ENABLED = "management.tracing.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(ENABLED)) {
			return;
		}
		String endpoint = environment.getProperty(ENDPOINT);
		if (endpoint == null || endpoint.isBlank()) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("agentserveTracingOff", Map.of(ENABLED, "false")));
		}
	}

}
