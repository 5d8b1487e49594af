package dev.agentserve.tool;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tool execution.
 *
 * @param timeout the longest one attempt of a tool call may take
 * @param maxAttempts attempts for transient failures (1 = no retry)
 * @param backoff the first retry's delay; it doubles, with jitter, up to 5 s
 * @param maxParallel tool calls of one model round that run at once
 * @param overrides per tool name: {@code timeout}, {@code max-attempts} and
 * {@code requires-approval} (the call waits for the session owner's decision)
 * @param approvalTimeout how long a call waits for the session owner's approval before it
 * is settled as expired and the model is told; the wait does not count against the
 * agent's {@code turn-timeout}, which is paused meanwhile
 */
@ConfigurationProperties("agentserve.tools")
@Validated
public record ToolProperties(@DefaultValue("30s") Duration timeout, @DefaultValue("3") @Positive int maxAttempts,
		@DefaultValue("200ms") Duration backoff, @DefaultValue("8") @Positive int maxParallel,
		@DefaultValue Map<String, Override> overrides, @DefaultValue("5m") Duration approvalTimeout) {

	Duration timeoutOf(String tool) {
		Override override = this.overrides.get(tool);
		return (override != null && override.timeout() != null) ? override.timeout() : this.timeout;
	}

	/** Whether calls of the tool wait for the session owner's approval. */
	public boolean requiresApproval(String tool) {
		Override override = this.overrides.get(tool);
		return override != null && Boolean.TRUE.equals(override.requiresApproval());
	}

	int maxAttemptsOf(String tool) {
		Override override = this.overrides.get(tool);
		return (override != null && override.maxAttempts() != null) ? override.maxAttempts() : this.maxAttempts;
	}

	/** Settings of one tool; unset ones fall back to the defaults. */
	public record Override(@Nullable Duration timeout, @Nullable Integer maxAttempts,
			@Nullable Boolean requiresApproval) {
	}

}
