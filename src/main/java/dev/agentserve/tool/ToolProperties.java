package dev.agentserve.tool;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param breaker the circuit breaker each tool has
 * @param cacheEnabled whether {@code cache-ttl}s apply at all (a switch for tests and
 * incidents)
 */
@ConfigurationProperties("agentserve.tools")
@Validated
public record ToolProperties(@DefaultValue("30s") Duration timeout, @DefaultValue("3") @Positive int maxAttempts,
		@DefaultValue("200ms") Duration backoff, @DefaultValue("8") @Positive int maxParallel,
		@DefaultValue Map<String, Override> overrides, @DefaultValue("5m") Duration approvalTimeout,
		@DefaultValue Breaker breaker, @DefaultValue("true") boolean cacheEnabled) {

	@ConstructorBinding
	public ToolProperties {
	}

	public ToolProperties(Duration timeout, int maxAttempts, Duration backoff, int maxParallel,
			Map<String, Override> overrides, Duration approvalTimeout) {
		this(timeout, maxAttempts, backoff, maxParallel, overrides, approvalTimeout,
				new Breaker(50, 5, 10, Duration.ofSeconds(30)), true);
	}

	/** How long results of the tool are cached; {@code null}: not cached. */
	@Nullable Duration cacheTtlOf(String tool) {
		Override override = this.overrides.get(tool);
		return (this.cacheEnabled && override != null) ? override.cacheTtl() : null;
	}

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

	/**
	 * Settings of one tool; unset ones fall back to the defaults.
	 *
	 * @param cacheTtl how long a result is kept in Redis and returned for the same
	 * (normalised) arguments; unset: results are not cached. Only for deterministic
	 * tools.
	 */
	public record Override(@Nullable Duration timeout, @Nullable Integer maxAttempts,
			@Nullable Boolean requiresApproval, @Nullable Duration cacheTtl) {

		@ConstructorBinding
		public Override {
		}

		public Override(@Nullable Duration timeout, @Nullable Integer maxAttempts, @Nullable Boolean requiresApproval) {
			this(timeout, maxAttempts, requiresApproval, null);
		}

	}

	/**
	 * The circuit breaker of each tool (Resilience4j, count-based window). Only failures
	 * of the tool itself count (errors and time-outs), not invalid arguments. While open,
	 * calls fail at once and the tool reports {@code unavailable}.
	 *
	 * @param failureRateThreshold the failure percentage that opens it
	 * @param minimumCalls calls before the rate is judged
	 * @param window the last calls the rate is computed over
	 * @param waitInOpen how long it stays open before a trial call is let through
	 */
	public record Breaker(@DefaultValue("50") @Positive int failureRateThreshold,
			@DefaultValue("5") @Positive int minimumCalls, @DefaultValue("10") @Positive int window,
			@DefaultValue("30s") Duration waitInOpen) {
	}

}
