package dev.agentserve.api;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /sessions}. */
record CreateSessionRequest(@NotBlank(message = "is required") @Size(max = 64) @Nullable String agentType,
		@Nullable Map<String, Object> initialContext, @Nullable Long ttlSeconds) {
}
