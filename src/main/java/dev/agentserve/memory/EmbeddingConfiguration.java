package dev.agentserve.memory;

import dev.agentserve.model.http.EndpointType;
import dev.agentserve.model.http.ModelEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link EmbeddingClient} named by {@code agentserve.memory.embedder}: {@code local},
 * or {@code <endpoint>:<model>} of a configured OpenAI-compatible model endpoint.
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
		return new OpenAiEmbeddingClient(WebClient.builder().build(), name, endpoint.baseUrl(), endpoint.apiKey(),
				embedder.substring(colon + 1), endpoint.firstByteTimeout());
	}

}
