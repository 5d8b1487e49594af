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

	ModelRegistry(List<ModelProvider> providers) {
		providers.forEach((provider) -> this.providers.put(provider.prefix(), provider));
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
		return new ResolvedModel(reference, name, provider.client(name));
	}

	/** The provider's view of a model's health; see {@link ModelProvider#status}. */
	public String status(String reference) {
		int colon = reference.indexOf(':');
		ModelProvider provider = this.providers.get((colon < 0) ? reference : reference.substring(0, colon));
		return (provider != null) ? provider.status((colon < 0) ? "" : reference.substring(colon + 1)) : "unknown";
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
