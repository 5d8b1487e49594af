package dev.agentserve.api;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/** Body of {@code PATCH /sessions/{id}}. */
record UpdateSessionRequest(@NotNull(message = "is required") @Nullable Long ttlSeconds) {
}
