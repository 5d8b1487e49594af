package dev.agentserve.turn;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import dev.agentserve.agent.LoopReport;
import dev.agentserve.agent.LoopSignal;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.persistence.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one running turn's events to its log in order, in batches by group commit (the
 * first event at once, then everything the loop produced while a batch was being written,
 * one round trip per batch), hands each batch to the turn's local followers once Redis
 * has acknowledged it, and ends the turn with its last events, the terminal one, the
 * outcome and the history in one atomic write. Stops quietly when the lease is lost:
 * another replica ends it.
 */
final class TurnExecution {

	private static final Logger log = LoggerFactory.getLogger(TurnExecution.class);

	private final TurnStore store;

	private final EventCodec codec;

	private final JsonMapper json;

	private final Clock clock;

	private final LiveTurn live;

	/** Told the size of each batch Redis acknowledged (a metric). */
	private final IntConsumer flushed;

	private final String sessionId;

	private final String turnId;

	private final String token;

	/**
	 * Retries of a write that failed for a moment, for about as long as the lease can
	 * still be ours (attempts rather than a timer per write: this is the hot path).
	 */
	private final Retry retry;

	private final long startedAt;

	private long seq = 1;

	private volatile boolean ended;

	/** Set once the final write is sent: from then on only its answer decides. */
	private volatile boolean finishing;

	TurnExecution(TurnStore store, EventCodec codec, JsonMapper json, Clock clock, LiveTurn live, IntConsumer flushed,
			String sessionId, String turnId, long startedAt, String token, TurnProperties properties) {
		this.store = store;
		this.codec = codec;
		this.json = json;
		this.clock = clock;
		this.live = live;
		this.flushed = flushed;
		this.sessionId = sessionId;
		this.turnId = turnId;
		this.token = token;
		this.retry = retries(properties.lease());
		this.startedAt = startedAt;
	}

	/**
	 * Logs the loop's events; emits true once the turn has ended, false when its lease
	 * was lost first (the turn then stays running until a replica ends it as
	 * interrupted). The loop ends every turn it runs (cancel, timeout and event limit
	 * included) with one {@link LoopSignal.Ended}; its report is the history and outcome
	 * written with the terminal event. The loop runs at most {@link #MAX_BATCH} events
	 * ahead of the writes, and a refused write disposes it.
	 */
	Mono<Boolean> run(Flux<LoopSignal> signals) {
		Flux<Logged> logged = signals
			.onErrorResume((ex) -> failure(ex).map((failed) -> new LoopSignal.Ended(failed, LoopReport.NONE)))
			.map(this::log);
		return GroupCommit
			.write(logged, MAX_BATCH, MAX_BATCH_CHARS, (item) -> item.entry().body().length(), this::write)
			.map((written) -> written && this.ended);
	}

	/** Events written in one round trip at most; and their size (past the first). */
	static final int MAX_BATCH = 64;

	static final int MAX_BATCH_CHARS = 256 * 1024;

	/** A signal with its log entry: seq and time are taken when the loop emits it. */
	private record Logged(LoopSignal signal, LogEntry entry) {
	}

	private Logged log(LoopSignal signal) {
		TurnEvent event = switch (signal) {
			case LoopSignal.Emitted emitted -> emitted.event();
			case LoopSignal.Ended ended -> ended.terminal();
		};
		return new Logged(signal, new LogEntry(++this.seq, event.type(), this.clock.millis(), this.codec.body(event)));
	}

	/**
	 * A failure of the turn's own machinery (reading the history, a bug) still ends the
	 * turn with a terminal event; clients never see the exception's text.
	 */
	private Mono<TurnEvent.Failed> failure(Throwable ex) {
		if (RedisFailures.isUnavailable(ex)) {
			log.warn("Turn {} of session {} could not go on: Redis unavailable: {}", this.turnId, this.sessionId,
					ex.toString());
			return Mono.just(new TurnEvent.Failed(ErrorCodes.UNAVAILABLE,
					"The session store was unavailable; send the message again"));
		}
		log.error("Turn {} of session {} failed", this.turnId, this.sessionId, ex);
		return Mono.just(new TurnEvent.Failed(ErrorCodes.INTERNAL, "The turn failed; it has been logged"));
	}

	private static Retry retries(Duration lease) {
		long attempts = Math.max(1, lease.toMillis() / MAX_BACKOFF.toMillis());
		return Retry.backoff(attempts, FIRST_BACKOFF)
			.maxBackoff(MAX_BACKOFF)
			.filter(RedisFailures::isUnavailable)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	/**
	 * Whether the final write was sent: the lease it releases must not then be taken for
	 * lost, since the write's own answer says whether it was ours.
	 */
	boolean finishing() {
		return this.finishing;
	}

	private Mono<Boolean> write(List<Logged> batch) {
		long now = this.clock.millis();
		List<LogEntry> entries = new ArrayList<>(batch.size());
		for (Logged item : batch) {
			entries.add(item.entry());
		}
		Logged last = batch.get(batch.size() - 1);
		Mono<Boolean> written = switch (last.signal()) {
			case LoopSignal.Emitted emitted ->
				this.store.append(this.sessionId, this.turnId, this.token, entries, emitted.usage());
			case LoopSignal.Ended ended -> {
				this.finishing = true;
				yield this.store.finish(this.sessionId, this.turnId, this.token, entries, outcome(ended, now),
						history(ended.report()), now);
			}
		};
		// A write that failed for a moment is retried (the scripts make a retry of a
		// write that landed harmless) for as long as the lease can still be ours.
		return written.retryWhen(this.retry).onErrorResume(RedisFailures::isUnavailable, (ex) -> {
			// Redis stayed away for a whole lease: the lease may be gone, and the turn is
			// left to the replica that reaps it.
			log.warn("Turn {} of session {} could not write events {}-{}: {}", this.turnId, this.sessionId,
					entries.get(0).seq(), last.entry().seq(), ex.toString());
			return Mono.just(false);
		}).doOnNext((ok) -> {
			if (!ok) {
				log.warn("Turn {} of session {} lost its lease at event {}; stopping it here", this.turnId,
						this.sessionId, entries.get(0).seq());
				return;
			}
			List<EventRecord> records = new ArrayList<>(entries.size());
			for (LogEntry entry : entries) {
				records.add(entry.toRecord(this.codec, this.sessionId, this.turnId));
			}
			this.live.publish(records);
			this.flushed.accept(records.size());
			if (last.signal() instanceof LoopSignal.Ended ended) {
				this.ended = true;
				logEnd(ended, now);
			}
		});
	}

	/** One line per turn at its end: INFO when it succeeded, WARN otherwise. */
	private void logEnd(LoopSignal.Ended ended, long now) {
		long duration = now - this.startedAt;
		LoopReport report = ended.report();
		switch (ended.terminal()) {
			case TurnEvent.Done done ->
				log.info("Turn {} of session {} done in {} ms, {} steps, {} tokens", this.turnId, this.sessionId,
						duration, report.steps(), report.usage().inputTokens() + report.usage().outputTokens());
			case TurnEvent.Cancelled cancelled -> log.info("Turn {} of session {} cancelled after {} ms: {}",
					this.turnId, this.sessionId, duration, cancelled.reason());
			case TurnEvent.Failed failed -> log.warn("Turn {} of session {} failed after {} ms: {} ({})", this.turnId,
					this.sessionId, duration, failed.code(), failed.message());
			default -> log.info("Turn {} of session {} ended after {} ms", this.turnId, this.sessionId, duration);
		}
	}

	private List<String> history(LoopReport report) {
		return report.messages().stream().map(this.json::writeValueAsString).toList();
	}

	private String outcome(LoopSignal.Ended ended, long now) {
		TurnEvent terminal = ended.terminal();
		LoopReport report = ended.report();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("status", switch (terminal) {
			case TurnEvent.Done done -> "done";
			case TurnEvent.Cancelled cancelled -> "cancelled";
			default -> "error";
		});
		fields.put("steps", report.steps());
		fields.put("inputTokens", report.usage().inputTokens());
		fields.put("outputTokens", report.usage().outputTokens());
		fields.put("reasoningTokens", report.usage().reasoningTokens());
		fields.put("durationMs", now - this.startedAt);
		if (report.cost() != null) {
			// A string: Lua numbers are doubles; turn-finish adds it up.
			fields.put("costNanos", Long.toString(report.cost().nanos()));
			fields.put("currency", report.cost().currency());
		}
		fields.put("trace", TurnRecord.encodeTrace(report.trace()));
		if (!report.runs().isEmpty()) {
			fields.put("runs", TurnRecord.encodeRuns(this.json, report.runs()));
		}
		if (report.traceId() != null) {
			fields.put("traceId", report.traceId());
		}
		if (terminal instanceof TurnEvent.Failed failed) {
			fields.put("errorCode", failed.code());
			fields.put("errorMessage", failed.message());
		}
		return this.json.writeValueAsString(fields);
	}

}
