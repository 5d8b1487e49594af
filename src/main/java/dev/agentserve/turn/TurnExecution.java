package dev.agentserve.turn;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.agent.Transcript;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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

	private final long startedAt;

	private long seq = 1;

	private boolean terminalSeen;

	TurnExecution(TurnStore store, EventCodec codec, JsonMapper json, Clock clock, TurnStart start, String token,
			Transcript transcript, int maxEvents) {
		this.store = store;
		this.codec = codec;
		this.json = json;
		this.clock = clock;
		this.sessionId = start.sessionId();
		this.turnId = start.turnId();
		this.token = token;
		this.transcript = transcript;
		this.maxEvents = maxEvents;
		this.startedAt = start.nowMillis();
	}

	/**
	 * Logs the loop's events; completes when the turn has ended (or its lease was lost).
	 */
	Mono<Void> run(Flux<TurnEvent> events) {
		Flux<TurnEvent> bounded = events.takeUntil((event) -> event.terminal() || this.seq + 1 >= this.maxEvents - 1)
			.concatWith(Mono
				.fromSupplier(() -> (TurnEvent) new TurnEvent.Failed(ErrorCodes.EVENT_LIMIT,
						"The turn produced more than " + this.maxEvents + " events"))
				.filter((event) -> !this.terminalSeen));
		return bounded.concatMap(this::write, 1).takeWhile((written) -> written).then();
	}

	private Mono<Boolean> write(TurnEvent event) {
		long now = this.clock.millis();
		long next = ++this.seq;
		EventRecord record = new EventRecord(next, event.type(),
				this.codec.encode(this.sessionId, this.turnId, next, java.time.Instant.ofEpochMilli(now), event));
		Mono<Boolean> written;
		if (event.terminal()) {
			this.terminalSeen = true;
			written = this.store.finish(this.sessionId, this.turnId, this.token, record, outcome(event, now), history(),
					now);
		}
		else {
			written = this.store.append(this.sessionId, this.turnId, this.token, record);
		}
		return written.doOnNext((ok) -> {
			if (!ok) {
				log.warn("Turn {} of session {} lost its lease at event {}; stopping it here", this.turnId,
						this.sessionId, next);
			}
		});
	}

	private List<String> history() {
		List<Message> messages = HistoryRepair.complete(this.transcript.messages());
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
