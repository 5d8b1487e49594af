package dev.agentserve.telemetry;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the turn observation knows: set at the start, the outcome and usage at the end.
 */
public final class TurnObservationContext extends Observation.Context {

	private final String agent;

	private final String provider;

	private final String model;

	private final String sessionId;

	private final String turnId;

	private volatile @Nullable String outcome;

	private volatile long inputTokens;

	private volatile long outputTokens;

	TurnObservationContext(String agent, String provider, String model, String sessionId, String turnId) {
		this.agent = agent;
		this.provider = provider;
		this.model = model;
		this.sessionId = sessionId;
		this.turnId = turnId;
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

	public String sessionId() {
		return this.sessionId;
	}

	public String turnId() {
		return this.turnId;
	}

	/** Null until the end. */
	public @Nullable String outcome() {
		return this.outcome;
	}

	public long inputTokens() {
		return this.inputTokens;
	}

	public long outputTokens() {
		return this.outputTokens;
	}

	void end(String outcome, long inputTokens, long outputTokens) {
		this.outcome = outcome;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
	}

}
