package dev.agentserve.api;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /sessions/{id}/chat}; {@code stream} defaults to true. */
record ChatRequest(@NotNull(message = "is required") @Nullable String message, @Nullable Boolean stream) {

	boolean streaming() {
		return this.stream == null || this.stream;
	}

}
