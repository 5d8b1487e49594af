package dev.agentserve.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one running turn. Its end is claimed once: the loop's terminal, or
 * {@link #abandon()} when the turn's flow is disposed first (its lease was lost).
 */
public final class TurnObservation {

	private final TurnTelemetry telemetry;

	private final Observation observation;

	private final TurnObservationContext context;

	private final long startNanos = System.nanoTime();

	private final AtomicBoolean firstEvent = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	TurnObservation(TurnTelemetry telemetry, Observation observation, TurnObservationContext context) {
		this.telemetry = telemetry;
		this.observation = observation;
		this.context = context;
	}

	/** Records the time to the turn's first event, once. */
	public void firstEvent() {
		if (!this.firstEvent.get() && this.firstEvent.compareAndSet(false, true)) {
			this.telemetry.firstEvent(this.context.agent(), System.nanoTime() - this.startNanos);
		}
	}

	/** Starts the observation of model round {@code step}, a child of this turn's. */
	public ModelRoundObservation startRound(int step) {
		ModelRoundObservationContext round = new ModelRoundObservationContext(this.context.agent(),
				this.context.provider(), this.context.model(), step);
		Observation child = AgentObservationDocumentation.MODEL_ROUND
			.observation(null, new ModelRoundObservationConvention(), () -> round, this.telemetry.observations())
			.parentObservation(this.observation)
			.start();
		return new ModelRoundObservation(child, round,
				this.telemetry.modelMeters(this.context.agent(), this.context.provider(), this.context.model()));
	}

	/**
	 * Ends the turn: {@code outcome} is {@code done}, {@code cancelled} or an error code.
	 */
	public void end(String outcome, long inputTokens, long outputTokens) {
		if (this.ended.compareAndSet(false, true)) {
			this.context.end(outcome, inputTokens, outputTokens);
			this.observation.stop();
		}
	}

	/** Ends the turn as {@code abandoned} unless it has ended. */
	public void abandon() {
		end("abandoned", 0, 0);
	}

	/**
	 * The trace id of the turn's span; null without tracing. Also for turns that are not
	 * sampled: their logs carry it, the tracing backend does not.
	 */
	public @Nullable String traceId() {
		TracingObservationHandler.TracingContext tracing = this.observation.getContextView()
			.get(TracingObservationHandler.TracingContext.class);
		if (tracing == null || tracing.getSpan() == null) {
			return null;
		}
		String traceId = tracing.getSpan().context().traceId();
		return (traceId.isEmpty() || traceId.chars().allMatch((c) -> c == '0')) ? null : traceId;
	}

	/**
	 * Runs {@code action} with this turn's span current (its trace id in the log's MDC).
	 */
	public void scoped(Runnable action) {
		this.observation.scoped(action);
	}

	Observation observation() {
		return this.observation;
	}

}
