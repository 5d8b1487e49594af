package dev.agentserve.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * One model round: who asked which model, and at its end how it finished and its usage.
 */
public final class ModelRoundObservationContext extends ModelUseContext {

	private final int step;

	private volatile @Nullable String finishReason;

	private volatile long firstTokenMillis = -1;

	private volatile long reasoningTokens;

	ModelRoundObservationContext(String agent, String provider, String model, int step) {
		super(agent, provider, model);
		this.step = step;
	}

	public int step() {
		return this.step;
	}

	/** Null until the end. */
	public @Nullable String finishReason() {
		return this.finishReason;
	}

	/** Milliseconds from the request to the first streamed event; -1 when none came. */
	public long firstTokenMillis() {
		return this.firstTokenMillis;
	}

	public long reasoningTokens() {
		return this.reasoningTokens;
	}

	void firstToken(long millis) {
		this.firstTokenMillis = millis;
	}

	void end(String finishReason, long inputTokens, long outputTokens, long reasoningTokens) {
		this.finishReason = finishReason;
		usage(inputTokens, outputTokens);
		this.reasoningTokens = reasoningTokens;
	}

}
