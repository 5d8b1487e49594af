package dev.agentserve.memory;

import org.jspecify.annotations.Nullable;

/** An embedding could not be made (endpoint down, bad answer, wrong dimension). */
public class EmbeddingException extends RuntimeException {

	public EmbeddingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
