package dev.agentserve.memory;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Memory settings ({@code agentserve.memory.*}).
 *
 * @param embedder {@code local} (the in-process all-MiniLM-L6-v2, offline) or
 * {@code <endpoint>:<model>} of an OpenAI-compatible model endpoint
 * ({@code /v1/embeddings})
 * @param dimensions the embedding dimension the store expects; a vector of another size
 * is refused (0: whatever the embedder answers first)
 * @param maxPerUser the most memories one user may keep
 * @param maxContentLength the longest memory, in characters
 * @param maxTags the most tags of one memory
 * @param candidates how many memories the plain-Redis search reads at least: the clusters
 * whose centroids are nearest the query, until they hold this many (a user with fewer is
 * searched exactly)
 * @param queryEngine {@code auto}: use the Redis Query Engine's vector index when the
 * server has one; {@code off}: always the plain-Redis search
 * @param tokenizers how tokens are counted per model endpoint: {@code auto} (JTokkit's
 * encoding for the model name, o200k_base when it knows none), {@code cl100k_base},
 * {@code o200k_base}, ... or {@code chars:<n>} (an estimate of n characters per token);
 * endpoints not listed use {@code chars:4}
 * @param summaryTimeout how long a turn waits for a summary before it falls back to the
 * window
 * @param warmUp when an agent type uses memory (its tools, {@code recall: auto} or
 * {@code episodic}), load the local embedding model in the background at start rather
 * than on first use
 */
@ConfigurationProperties("agentserve.memory")
public record MemoryProperties(@DefaultValue("local") String embedder, @DefaultValue("0") int dimensions,
		@DefaultValue("10000") int maxPerUser, @DefaultValue("4000") int maxContentLength,
		@DefaultValue("16") int maxTags, @DefaultValue("1000") int candidates, @DefaultValue("auto") String queryEngine,
		@DefaultValue Map<String, String> tokenizers, @DefaultValue("30s") java.time.Duration summaryTimeout,
		@DefaultValue("true") boolean warmUp) {

	public MemoryProperties {
		if (maxPerUser < 1 || maxContentLength < 1 || maxTags < 0) {
			throw new IllegalArgumentException("agentserve.memory limits must be positive");
		}
		if (candidates < 1 || candidates > 100_000) {
			throw new IllegalArgumentException("agentserve.memory.candidates must be between 1 and 100000");
		}
		if (!queryEngine.equals("auto") && !queryEngine.equals("off")) {
			throw new IllegalArgumentException("agentserve.memory.query-engine must be auto or off");
		}
		tokenizers = Map.copyOf(tokenizers);
	}

}
