package dev.agentserve.model;

/**
 * Creates clients for model references with one prefix: {@code demo},
 * {@code openai:<model>}, {@code anthropic:<model>}. Each provider is a Spring bean;
 * {@link ModelRegistry} picks one.
 */
public interface ModelProvider {

	/** The part of a model reference before the first {@code :}, e.g. {@code openai}. */
	String prefix();

	/**
	 * The client for the given model name (what follows the prefix; empty for
	 * {@code demo}).
	 */
	ModelClient client(String modelName);

	/**
	 * {@code healthy}, or why calls to this model would fail now (e.g. an open circuit
	 * breaker).
	 */
	default String status(String modelName) {
		return "healthy";
	}

}
