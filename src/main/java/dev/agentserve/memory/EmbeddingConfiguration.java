package dev.agentserve.memory;

import dev.agentserve.model.http.Backoff;
import dev.agentserve.model.http.EndpointType;
import dev.agentserve.model.http.ModelEndpointProperties;
import io.netty.channel.ChannelOption;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The {@link EmbeddingClient} named by {@code agentserve.memory.embedder}: {@code local},
 * or {@code <endpoint>:<model>} of a configured OpenAI-compatible model endpoint, called
 * with that endpoint's connect timeout, first-byte timeout (for the whole answer) and
 * retry settings.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EmbeddingClient embeddingClient(MemoryProperties properties, ModelEndpointProperties endpoints) {
		String embedder = properties.embedder().strip();
		if (embedder.equals("local")) {
			return new LocalEmbeddingClient();
		}
		int colon = embedder.indexOf(':');
		if (colon <= 0 || colon == embedder.length() - 1) {
			throw new IllegalStateException(
					"agentserve.memory.embedder must be local or <endpoint>:<model>, not '" + embedder + "'");
		}
		String name = embedder.substring(0, colon);
		ModelEndpointProperties.Endpoint endpoint = endpoints.endpoints().get(name);
		if (endpoint == null || endpoint.type() != EndpointType.OPENAI) {
			throw new IllegalStateException("agentserve.memory.embedder '" + embedder
					+ "' names no OpenAI-compatible endpoint under agentserve.models.endpoints; known: "
					+ endpoints.endpoints().keySet());
		}
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) endpoint.connectTimeout().toMillis());
		WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return new OpenAiEmbeddingClient(web, name, endpoint.baseUrl(), endpoint.apiKey(),
				embedder.substring(colon + 1), endpoint.firstByteTimeout(), Backoff.of(endpoint));
	}

}
