package dev.agentserve.model.http;

import java.time.Duration;
import java.util.Map;

import dev.agentserve.model.ModelProvider;
import tools.jackson.databind.json.JsonMapper;

/** Model endpoints with short timeouts, for tests against a local fake provider. */
public final class TestEndpoints {

	public static final String API_KEY = "sk-test-secret-key-0123456789";

	private TestEndpoints() {
	}

	/**
	 * An endpoint: 1 s connect, 10 s first byte (a cold JVM on a busy machine needs
	 * seconds for the first round), 500 ms idle, retries from 50 ms, breaker after 3.
	 */
	public static ModelEndpointProperties.Endpoint endpoint(EndpointType type, String baseUrl, int maxRetries,
			Map<String, Object> extraBody) {
		return new ModelEndpointProperties.Endpoint(type, baseUrl, API_KEY, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofMillis(500), maxRetries, Duration.ofMillis(50),
				Duration.ofSeconds(2), 1024, extraBody, 50, 3, Duration.ofSeconds(30));
	}

	/** A provider serving one endpoint under {@code name}. */
	public static ModelProvider provider(String name, ModelEndpointProperties.Endpoint endpoint) {
		return new EndpointModelProvider(new ModelEndpointProperties(Map.of(name, endpoint)),
				JsonMapper.builder().build());
	}

}
