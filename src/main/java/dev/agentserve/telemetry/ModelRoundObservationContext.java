package dev.agentserve.telemetry;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * One model round: who asked which model, and at its end how it finished and its usage.
 */
public final class ModelRoundObservationContext extends Observation.Context {

	private final String agent;

	private final String provider;

	private final String model;

	private final int step;

	private volatile @Nullable String finishReason;

	private volatile long firstTokenMillis = -1;

	private volatile long inputTokens;

	private volatile long outputTokens;

	private volatile long reasoningTokens;

	ModelRoundObservationContext(String agent, String provider, String model, int step) {
		this.agent = agent;
		this.provider = provider;
		this.model = model;
		this.step = step;
	}

	public String agent() {
		return this.agent;
	}

	public String provider() {
		return this.provider;
	}

	public String model() {
		return this.model;
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

	public long inputTokens() {
		return this.inputTokens;
	}

	public long outputTokens() {
		return this.outputTokens;
	}

	public long reasoningTokens() {
		return this.reasoningTokens;
	}

	void firstToken(long millis) {
		this.firstTokenMillis = millis;
	}

	void end(String finishReason, long inputTokens, long outputTokens, long reasoningTokens) {
		this.finishReason = finishReason;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
		this.reasoningTokens = reasoningTokens;
	}

}
