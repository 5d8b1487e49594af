package dev.agentserve.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * Resolves a model reference such as {@code demo} or {@code openai:gpt-4o} to its client.
 */
@Component
public class ModelRegistry {

	private final Map<String, ModelProvider> providers = new TreeMap<>();

	public ModelRegistry(List<ModelProvider> providers) {
		for (ModelProvider provider : providers) {
			for (String prefix : provider.prefixes()) {
				if (this.providers.put(prefix, provider) != null) {
					throw new IllegalStateException("Two model providers serve the prefix '" + prefix + "'");
				}
			}
		}
	}

	/** The client and the provider's model name for a reference. */
	public ResolvedModel resolve(String reference) {
		int colon = reference.indexOf(':');
		String prefix = (colon < 0) ? reference : reference.substring(0, colon);
		String name = (colon < 0) ? "" : reference.substring(colon + 1);
		ModelProvider provider = this.providers.get(prefix);
		if (provider == null) {
			throw new IllegalArgumentException("Unknown model provider '" + prefix + "' in '" + reference + "'; known: "
					+ this.providers.keySet());
		}
		return new ResolvedModel(reference, name, provider.client(prefix, name));
	}

	/** The provider's view of a model's health; see {@link ModelProvider#status}. */
	public String status(String reference) {
		int colon = reference.indexOf(':');
		ModelProvider provider = this.providers.get((colon < 0) ? reference : reference.substring(0, colon));
		if (provider == null) {
			return "unknown";
		}
		return provider.status((colon < 0) ? reference : reference.substring(0, colon),
				(colon < 0) ? "" : reference.substring(colon + 1));
	}

	/** The health of every configured prefix (endpoint), e.g. an open circuit breaker. */
	public Map<String, String> endpointStatus() {
		Map<String, String> status = new TreeMap<>();
		this.providers.forEach((prefix, provider) -> status.put(prefix, provider.status(prefix, "")));
		return status;
	}

	/** Whether a reference names a configured provider. */
	public boolean isKnown(String reference) {
		int colon = reference.indexOf(':');
		return this.providers.containsKey((colon < 0) ? reference : reference.substring(0, colon));
	}

	/**
	 * A resolved model: its full reference, the provider's model name, and the client.
	 */
	public record ResolvedModel(String reference, String name, ModelClient client) {
	}

}
