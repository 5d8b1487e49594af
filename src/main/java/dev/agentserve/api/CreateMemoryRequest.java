package dev.agentserve.api;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /memories}; lengths and counts are checked against
 * {@code agentserve.memory.*}.
 */
record CreateMemoryRequest(@NotBlank(message = "is required") @Nullable String content, @Nullable List<String> tags,
		@DecimalMin("0") @DecimalMax("1") @Nullable Double importance) {
}
