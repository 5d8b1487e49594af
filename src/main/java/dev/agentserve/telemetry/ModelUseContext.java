package dev.agentserve.telemetry;

import io.micrometer.observation.Observation;

/**
 * What the turn and model round observations share: which agent asked which model of
 * which provider, and at the end the tokens it used.
 */
public abstract class ModelUseContext extends Observation.Context {

	private final String agent;

	private final String provider;

	private final String model;

	private volatile long inputTokens;

	private volatile long outputTokens;

	ModelUseContext(String agent, String provider, String model) {
		this.agent = agent;
		this.provider = provider;
		this.model = model;
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

	public long inputTokens() {
		return this.inputTokens;
	}

	public long outputTokens() {
		return this.outputTokens;
	}

	void usage(long inputTokens, long outputTokens) {
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
	}

}
