package dev.agentserve.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;

/** The observation of one tool call, ended once with its outcome. */
public final class ToolCallObservation {

	private final Observation observation;

	private final ToolCallObservationContext context;

	private final AtomicBoolean ended = new AtomicBoolean();

	ToolCallObservation(Observation observation, ToolCallObservationContext context) {
		this.observation = observation;
		this.context = context;
	}

	/**
	 * Ends the call: {@code outcome} is one of the fixed words of
	 * {@link AgentObservationDocumentation.LowCardinalityKeys#OUTCOME}; {@code attempts}
	 * the times the tool itself ran.
	 */
	public void end(String outcome, int attempts) {
		if (this.ended.compareAndSet(false, true)) {
			this.context.end(outcome, attempts);
			this.observation.stop();
		}
	}

	/** Runs {@code action} with this call's span current (its trace id in the MDC). */
	public void scoped(Runnable action) {
		this.observation.scoped(action);
	}

}
