package dev.agentserve.turn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.agent.Transcript;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.persistence.RedisFailures;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one running turn's events to its log, in order and one at a time (each is
 * durable before the next is produced), then ends it with the terminal event, the outcome
 * and the history in one atomic write. Stops quietly when the lease is lost: another
 * replica ends it.
 */
final class TurnExecution {

	private static final Logger log = LoggerFactory.getLogger(TurnExecution.class);

	private final TurnStore store;

	private final EventCodec codec;

	private final JsonMapper json;

	private final Clock clock;

	private final String sessionId;

	private final String turnId;

	private final String token;

	private final Transcript transcript;

	private final int maxEvents;

	private final Duration retryWrites;

	private final long startedAt;

	private long seq = 1;

	private volatile @Nullable String cancelReason;

	private volatile boolean ended;

	/**
	 * Set as the loop emits its terminal event, before the stream completes: the
	 * concatenated ending is subscribed on completion, possibly while that event still
	 * waits for its write.
	 */
	private volatile boolean terminalProduced;

	/** Events the loop produced, counted as they arrive (writes lag behind). */
	private long produced = 1;

	TurnExecution(TurnStore store, EventCodec codec, JsonMapper json, Clock clock, String sessionId, String turnId,
			long startedAt, String token, Transcript transcript, TurnProperties properties) {
		this.store = store;
		this.codec = codec;
		this.json = json;
		this.clock = clock;
		this.sessionId = sessionId;
		this.turnId = turnId;
		this.token = token;
		this.transcript = transcript;
		this.maxEvents = properties.maxEvents();
		this.retryWrites = properties.lease();
		this.startedAt = startedAt;
	}

	/**
	 * Logs the loop's events; emits true once the turn has ended, false when its lease
	 * was lost first (the turn then stays running until a replica ends it as
	 * interrupted). When {@code cancel} emits a reason first, the loop is disposed (its
	 * model stream and tools with it) and the turn ends with {@code cancelled}, keeping
	 * the partial answer in the history.
	 */
	Mono<Boolean> run(Flux<TurnEvent> events, Mono<String> cancel) {
		Flux<TurnEvent> bounded = events.onErrorResume(this::failure)
			.takeUntil((event) -> event.terminal() || ++this.produced >= this.maxEvents - 2)
			.doOnNext((event) -> this.terminalProduced |= event.terminal())
			.takeUntilOther(cancel.doOnNext((reason) -> this.cancelReason = reason))
			.concatWith(Mono.defer(this::ending));
		return bounded.concatMap(this::write, 1)
			.takeWhile((written) -> written)
			.then(Mono.fromSupplier(() -> this.ended));
	}

	/**
	 * The terminal event when the loop stopped without one: cancelled, or too many
	 * events.
	 */
	private Mono<TurnEvent> ending() {
		if (this.terminalProduced) {
			return Mono.empty();
		}
		if (this.cancelReason != null) {
			return Mono.just(new TurnEvent.Cancelled(this.cancelReason));
		}
		return Mono.just(new TurnEvent.Failed(ErrorCodes.EVENT_LIMIT,
				"The turn produced more than " + this.maxEvents + " events"));
	}

	/**
	 * A failure of the turn's own machinery (reading the history, a bug) still ends the
	 * turn with a terminal event; clients never see the exception's text.
	 */
	private Mono<TurnEvent> failure(Throwable ex) {
		if (RedisFailures.isUnavailable(ex)) {
			log.warn("Turn {} of session {} could not go on: Redis unavailable: {}", this.turnId, this.sessionId,
					ex.toString());
			return Mono.just(new TurnEvent.Failed(ErrorCodes.UNAVAILABLE,
					"The session store was unavailable; send the message again"));
		}
		log.error("Turn {} of session {} failed", this.turnId, this.sessionId, ex);
		return Mono.just(new TurnEvent.Failed(ErrorCodes.INTERNAL, "The turn failed; it has been logged"));
	}

	private Mono<Boolean> write(TurnEvent event) {
		long now = this.clock.millis();
		long next = ++this.seq;
		EventRecord record = new EventRecord(next, event.type(),
				this.codec.encode(this.sessionId, this.turnId, next, Instant.ofEpochMilli(now), event));
		Mono<Boolean> written;
		if (event.terminal()) {
			written = this.store.finish(this.sessionId, this.turnId, this.token, record, outcome(event, now),
					history(event), now);
		}
		else {
			written = this.store.append(this.sessionId, this.turnId, this.token, record, this.transcript.usage());
		}
		// A write that failed for a moment is retried (the scripts make a retry of a
		// write
		// that landed harmless) for as long as the lease can still be ours.
		return written
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(1))
				.filter(RedisFailures::isUnavailable))
			.timeout(this.retryWrites, Mono.just(false))
			.doOnNext((ok) -> {
				if (ok && event.terminal()) {
					this.ended = true;
					logEnd(event, now);
				}
				if (!ok) {
					log.warn("Turn {} of session {} lost its lease at event {}; stopping it here", this.turnId,
							this.sessionId, next);
				}
			});
	}

	/** One line per turn at its end: INFO when it succeeded, WARN otherwise. */
	private void logEnd(TurnEvent terminal, long now) {
		long duration = now - this.startedAt;
		switch (terminal) {
			case TurnEvent.Done done -> log.info("Turn {} of session {} done in {} ms, {} steps, {} tokens",
					this.turnId, this.sessionId, duration, this.transcript.steps(),
					this.transcript.usage().inputTokens() + this.transcript.usage().outputTokens());
			case TurnEvent.Cancelled cancelled -> log.info("Turn {} of session {} cancelled after {} ms: {}",
					this.turnId, this.sessionId, duration, cancelled.reason());
			case TurnEvent.Failed failed -> log.warn("Turn {} of session {} failed after {} ms: {} ({})", this.turnId,
					this.sessionId, duration, failed.code(), failed.message());
			default -> log.info("Turn {} of session {} ended after {} ms", this.turnId, this.sessionId, duration);
		}
	}

	private List<String> history(TurnEvent terminal) {
		List<Message> messages = new ArrayList<>(HistoryRepair.complete(this.transcript.messages()));
		if (terminal instanceof TurnEvent.Cancelled) {
			messages.add(AssistantMessage.cancelled(this.transcript.partialResponse()));
		}
		return messages.stream().map(this.json::writeValueAsString).toList();
	}

	private String outcome(TurnEvent terminal, long now) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("status", switch (terminal) {
			case TurnEvent.Done done -> "done";
			case TurnEvent.Cancelled cancelled -> "cancelled";
			default -> "error";
		});
		fields.put("steps", this.transcript.steps());
		fields.put("inputTokens", this.transcript.usage().inputTokens());
		fields.put("outputTokens", this.transcript.usage().outputTokens());
		fields.put("reasoningTokens", this.transcript.usage().reasoningTokens());
		fields.put("durationMs", now - this.startedAt);
		if (terminal instanceof TurnEvent.Failed failed) {
			fields.put("errorCode", failed.code());
			fields.put("errorMessage", failed.message());
		}
		return this.json.writeValueAsString(fields);
	}

}
