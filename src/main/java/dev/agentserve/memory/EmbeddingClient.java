package dev.agentserve.memory;

import reactor.core.publisher.Mono;

/**
 * Turns text into a vector for semantic search. Implementations answer unit-length
 * vectors (so a dot product is the cosine similarity) and never block the caller's
 * thread.
 */
public interface EmbeddingClient {

	/** The embedding of {@code text}, unit length. */
	Mono<float[]> embed(String text);

	/**
	 * What embeds, e.g. {@code local:all-minilm-l6-v2} or
	 * {@code openai:text-embedding-3-small}.
	 */
	String name();

	/**
	 * Prepares in the background what the first call would otherwise wait for (loading a
	 * local model); never blocks.
	 */
	default void warmUp() {
	}

	/** Scales a vector to unit length (a zero vector stays zero). */
	static float[] normalize(float[] vector) {
		double sum = 0;
		for (float v : vector) {
			sum += (double) v * v;
		}
		if (sum == 0) {
			return vector;
		}
		float scale = (float) (1 / Math.sqrt(sum));
		float[] unit = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			unit[i] = vector[i] * scale;
		}
		return unit;
	}

}
