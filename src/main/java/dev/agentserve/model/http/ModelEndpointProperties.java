package dev.agentserve.model.http;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Model endpoints by name: a model reference {@code <endpoint>:<model>} (e.g.
 * {@code openai:gpt-4o}, {@code vllm:Qwen/Qwen3-8B}) is sent to the endpoint of that
 * name.
 *
 * @param endpoints the endpoints ({@code agentserve.models.endpoints.<name>.*})
 */
@ConfigurationProperties("agentserve.models")
public record ModelEndpointProperties(@DefaultValue Map<String, Endpoint> endpoints) {

	/**
	 * One endpoint.
	 *
	 * @param type its protocol
	 * @param baseUrl e.g. {@code https://api.openai.com/v1} or
	 * {@code http://localhost:11434/v1}; user info is sent as Basic authentication, query
	 * parameters with every request; neither is ever printed
	 * @param apiKey sent as {@code Authorization: Bearer} (OpenAI) or {@code x-api-key}
	 * (Anthropic)
	 * @param connectTimeout TCP connect
	 * @param firstByteTimeout from the request to the first streamed chunk
	 * @param idleTimeout the longest silence between two chunks
	 * @param maxRetries retries of a round that has not streamed anything yet
	 * @param retryBackoff first retry delay; doubles with jitter up to {@code maxBackoff}
	 * @param maxBackoff the longest delay between retries, {@code Retry-After} included
	 * @param maxTokens output token limit sent with each request (required by Anthropic)
	 * @param extraBody fields merged into every request body (e.g.
	 * {@code chat_template_kwargs})
	 * @param breakerFailureRate percentage of failed calls that opens the circuit breaker
	 * @param breakerMinimumCalls calls the breaker waits for before judging
	 * @param breakerOpenFor how long an open breaker refuses calls before trying again
	 */
	public record Endpoint(@DefaultValue("openai") EndpointType type, String baseUrl, @DefaultValue("") String apiKey,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("60s") Duration firstByteTimeout,
			@DefaultValue("30s") Duration idleTimeout, @DefaultValue("3") int maxRetries,
			@DefaultValue("500ms") Duration retryBackoff, @DefaultValue("10s") Duration maxBackoff,
			@DefaultValue("4096") int maxTokens, @DefaultValue Map<String, Object> extraBody,
			@DefaultValue("50") float breakerFailureRate, @DefaultValue("5") int breakerMinimumCalls,
			@DefaultValue("30s") Duration breakerOpenFor) {

		public Endpoint {
			if (baseUrl == null || baseUrl.isBlank()) {
				throw new IllegalArgumentException("a model endpoint needs a base-url");
			}
			EndpointUrl.parse(baseUrl);
			extraBody = Map.copyOf(extraBody);
		}

		/**
		 * The base URL split into what is sent and what is secret; see
		 * {@link EndpointUrl}.
		 */
		EndpointUrl url() {
			return EndpointUrl.parse(this.baseUrl);
		}

		/** Never prints the API key, nor credentials or query values of the base URL. */
		@Override
		public String toString() {
			return "Endpoint[type=" + this.type + ", baseUrl=" + Secrets.url(this.baseUrl) + ", apiKey="
					+ (this.apiKey.isEmpty() ? "<none>" : "<set>") + "]";
		}

	}

}
