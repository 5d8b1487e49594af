package dev.agentserve.model;

import java.util.Collection;

/**
 * Creates clients for model references {@code <prefix>:<model>}: {@code demo},
 * {@code openai:gpt-4o}, {@code vllm:Qwen/Qwen3-8B}. Each provider is a Spring bean;
 * {@link ModelRegistry} picks the one serving a reference's prefix.
 */
public interface ModelProvider {

	/** The prefixes (the part before the first {@code :}) this provider serves. */
	Collection<String> prefixes();

	/**
	 * The client for a model of one of {@link #prefixes()}; the model name may be empty.
	 */
	ModelClient client(String prefix, String modelName);

	/**
	 * What is known of this model's health: {@code healthy} once a call reached it (and
	 * always for an in-process model), {@code unknown} for a remote one no call has
	 * reached yet, or why calls fail: {@code unreachable}, {@code failing},
	 * {@code unauthorized}, {@code circuit open}, {@code circuit half_open}.
	 */
	default String status(String prefix, String modelName) {
		return "healthy";
	}

}
