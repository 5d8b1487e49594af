package dev.agentserve.api;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Body of {@code POST /sessions/{id}/turns/{turnId}/approvals}. */
record ApprovalRequest(@NotBlank(message = "is required") @Nullable String callId,
		@NotBlank(message = "is required") @Nullable String decision, @Nullable JsonNode args) {
}
