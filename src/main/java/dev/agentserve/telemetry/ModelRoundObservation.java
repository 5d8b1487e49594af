package dev.agentserve.telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;

/**
 * The observation of one model round. The loop calls {@link #firstToken()} on every
 * streamed event: after the first it is one volatile read.
 */
public final class ModelRoundObservation {

	private final Observation observation;

	private final ModelRoundObservationContext context;

	private final TurnTelemetry.ModelMeters meters;

	private final long startNanos = System.nanoTime();

	private volatile long firstTokenNanos = -1;

	private final AtomicBoolean ended = new AtomicBoolean();

	ModelRoundObservation(Observation observation, ModelRoundObservationContext context,
			TurnTelemetry.ModelMeters meters) {
		this.observation = observation;
		this.context = context;
		this.meters = meters;
	}

	/** Marks the first streamed event of the round (later calls do nothing). */
	public void firstToken() {
		if (this.firstTokenNanos < 0) {
			long elapsed = System.nanoTime() - this.startNanos;
			this.firstTokenNanos = elapsed;
			this.context.firstToken(TimeUnit.NANOSECONDS.toMillis(elapsed));
			this.meters.firstToken.record(elapsed, TimeUnit.NANOSECONDS);
		}
	}

	/** Milliseconds from the request to the first event; -1 when none came. */
	public long firstTokenMillis() {
		long nanos = this.firstTokenNanos;
		return (nanos < 0) ? -1 : TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	/** Milliseconds since the round started. */
	public long elapsedMillis() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
	}

	/** The round ended as the provider said, with the usage it reported. */
	public void end(String finishReason, long inputTokens, long outputTokens, long reasoningTokens) {
		if (this.ended.compareAndSet(false, true)) {
			this.meters.inputTokens.increment(inputTokens);
			this.meters.outputTokens.increment(outputTokens);
			this.meters.reasoningTokens.increment(reasoningTokens);
			this.context.end(finishReason, inputTokens, outputTokens, reasoningTokens);
			this.observation.stop();
		}
	}

	/** The round failed: counted as a model error. */
	public void fail(Throwable ex) {
		if (this.ended.compareAndSet(false, true)) {
			this.meters.error(ex);
			this.context.end("error", 0, 0, 0);
			this.observation.error(ex);
			this.observation.stop();
		}
	}

	/** The round was cut short (cancel, timeout, a lost lease). */
	public void cancel() {
		if (this.ended.compareAndSet(false, true)) {
			this.context.end("cancelled", 0, 0, 0);
			this.observation.stop();
		}
	}

	Observation observation() {
		return this.observation;
	}

}
