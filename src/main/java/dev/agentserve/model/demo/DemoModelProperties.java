package dev.agentserve.model.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo model. The defaults feel like a real model; the benchmarks set the three knobs
 * so a turn has the same shape as the FastAPI peer's run (docs/benchmarks.md).
 *
 * @param firstTokenDelay pause at the start of each model round, before its first
 * streamed event (time to first token); 0 by default
 * @param tokenDelay pause before each streamed token, to feel like a real model; 0 for
 * benchmarks
 * @param answerTokens when positive, the benchmark shape: no thought, the tool call at
 * once, and a final answer of exactly this many streamed tokens that starts with the
 * tool's result; 0 (the default) keeps the natural thought and answer
 */
@ConfigurationProperties("agentserve.models.demo")
public record DemoModelProperties(@DefaultValue("0ms") Duration firstTokenDelay,
		@DefaultValue("15ms") Duration tokenDelay, @DefaultValue("0") int answerTokens) {

	/**
	 * More would only be a typo; a turn logs at most {@code agentserve.turns.max-events}.
	 */
	static final int MAX_ANSWER_TOKENS = 1_000_000;

	public DemoModelProperties {
		if (firstTokenDelay.isNegative()) {
			throw new IllegalArgumentException("agentserve.models.demo.first-token-delay must not be negative");
		}
		if (tokenDelay.isNegative()) {
			throw new IllegalArgumentException("agentserve.models.demo.token-delay must not be negative");
		}
		if (answerTokens < 0 || answerTokens > MAX_ANSWER_TOKENS) {
			throw new IllegalArgumentException(
					"agentserve.models.demo.answer-tokens must be between 0 (natural answer) and " + MAX_ANSWER_TOKENS);
		}
	}

	/** The defaults, as a user gets them. */
	static DemoModelProperties defaults() {
		return new DemoModelProperties(Duration.ZERO, Duration.ofMillis(15), 0);
	}

}
