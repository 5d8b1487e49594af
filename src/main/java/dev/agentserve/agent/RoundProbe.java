package dev.agentserve.agent;

import java.time.Instant;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.telemetry.ModelRoundObservation;
import dev.agentserve.telemetry.TurnTelemetry;
import reactor.core.publisher.Flux;

/**
 * Observes one model round's stream and records it in the turn's trace when it ends
 * (completed, failed or cut short). Per streamed event it costs one volatile read.
 */
final class RoundProbe {

	private final LoopState state;

	private final int step;

	private final Instant startedAt;

	private final ModelRoundObservation observation;

	RoundProbe(LoopState state, int step) {
		this.state = state;
		this.step = step;
		this.startedAt = state.clock.instant();
		this.observation = state.observation.startRound(step);
	}

	/**
	 * The round's events, observed: the first model event marks the first token; the end
	 * is taken after the assembler has seen every model event. The provider's HTTP call
	 * runs as a child of the round's observation.
	 */
	Flux<TurnEvent> observe(Flux<ModelEvent> stream, RoundAssembler round) {
		return stream.doOnNext((event) -> this.observation.firstToken())
			.contextWrite((context) -> TurnTelemetry.withParent(context, this.observation))
			.concatMapIterable(round::accept)
			.doOnComplete(() -> ended((round.finishReason() != null) ? round.finishReason() : "unknown", round.usage()))
			.doOnError((ex) -> {
				this.observation.fail(ex);
				record("error", TokenUsage.NONE);
			})
			.doOnCancel(() -> {
				this.observation.cancel();
				record("cancelled", round.usage());
			});
	}

	private void ended(String finishReason, TokenUsage usage) {
		this.observation.end(finishReason, usage.inputTokens(), usage.outputTokens(), usage.reasoningTokens());
		record(finishReason, usage);
	}

	private void record(String finishReason, TokenUsage usage) {
		long firstToken = this.observation.firstTokenMillis();
		this.state.record(new TurnStep.Model(this.step, this.startedAt, (firstToken >= 0) ? firstToken : null,
				this.observation.elapsedMillis(), usage.inputTokens(), usage.outputTokens(), usage.reasoningTokens(),
				finishReason));
	}

}
