package dev.agentserve.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * What the turn observation knows: set at the start, the outcome and usage at the end.
 */
public final class TurnObservationContext extends ModelUseContext {

	private final String sessionId;

	private final String turnId;

	private volatile @Nullable String outcome;

	TurnObservationContext(String agent, String provider, String model, String sessionId, String turnId) {
		super(agent, provider, model);
		this.sessionId = sessionId;
		this.turnId = turnId;
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

	void end(String outcome, long inputTokens, long outputTokens) {
		this.outcome = outcome;
		usage(inputTokens, outputTokens);
	}

}
