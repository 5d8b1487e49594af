package dev.agentserve.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A block of the model's reasoning kept with the assistant message, so providers that
 * sign their reasoning (Anthropic's thinking blocks) get it back, unchanged, on the next
 * round.
 *
 * @param text the reasoning text (empty for a redacted block)
 * @param signature the provider's signature of the block, if any
 * @param redacted the encrypted content of a redacted block, if it is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reasoning(String text, @Nullable String signature, @Nullable String redacted) {
}
