package dev.agentserve.model.http;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelProvider;
import dev.agentserve.model.anthropic.AnthropicModelClient;
import dev.agentserve.model.openai.OpenAiModelClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** Serves every configured endpoint's name as a model prefix. */
@Component
class EndpointModelProvider implements ModelProvider {

	/** The largest single SSE event accepted from a provider (a big tool-call chunk). */
	static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

	private final Map<String, ModelEndpoint> endpoints = new LinkedHashMap<>();

	private final Map<String, ModelClient> clients = new ConcurrentHashMap<>();

	EndpointModelProvider(ModelEndpointProperties properties, JsonMapper json) {
		properties.endpoints().forEach((name, config) -> {
			HttpClient http = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
			// Built here rather than from Boot's WebClient.Builder: that lives in
			// spring-boot-webclient,
			// which this project does not otherwise need.
			WebClient web = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(http))
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_EVENT_BYTES))
				.build();
			CircuitBreaker breaker = CircuitBreaker.of("model-" + name,
					CircuitBreakerConfig.custom()
						.failureRateThreshold(config.breakerFailureRate())
						.minimumNumberOfCalls(config.breakerMinimumCalls())
						.slidingWindowSize(Math.max(10, config.breakerMinimumCalls()))
						.waitDurationInOpenState(config.breakerOpenFor())
						.permittedNumberOfCallsInHalfOpenState(1)
						// Only the endpoint's own failures count: a caller error
						// (context too long, bad key) counts as a call that got through.
						.recordException(ModelEndpoint::endpointFailure)
						// A call is a whole streamed round: minutes of reasoning are not
						// "slow calls" (by default every call over 60 s would count).
						.slowCallDurationThreshold(Duration.ofDays(1))
						.build());
			this.endpoints.put(name, new ModelEndpoint(name, config, web, breaker, json));
		});
	}

	@Override
	public Collection<String> prefixes() {
		return this.endpoints.keySet();
	}

	@Override
	public ModelClient client(String prefix, String modelName) {
		return this.clients.computeIfAbsent(prefix + ":" + modelName, (key) -> {
			ModelEndpoint endpoint = this.endpoints.get(prefix);
			return switch (endpoint.config().type()) {
				case OPENAI -> new OpenAiModelClient(endpoint);
				case ANTHROPIC -> new AnthropicModelClient(endpoint);
			};
		});
	}

	@Override
	public String status(String prefix, String modelName) {
		return this.endpoints.get(prefix).status();
	}

}
