package dev.agentserve.api;

import java.util.function.Function;

import dev.agentserve.error.ErrorCatalogue;
import dev.agentserve.stream.SseEvents;
import dev.agentserve.telemetry.TurnTelemetry;
import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.StoreWatch;
import dev.agentserve.turn.TurnProperties;
import dev.agentserve.turn.TurnService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The SSE answers that follow one turn, shared by the chat and turn routes: a new stream,
 * and a reconnect that resumes after the client's last event.
 */
@Component
class TurnStreams {

	private final TurnService turns;

	private final TurnProperties properties;

	private final StoreWatch store;

	private final TurnTelemetry telemetry;

	TurnStreams(TurnService turns, TurnProperties properties, StoreWatch store, TurnTelemetry telemetry) {
		this.turns = turns;
		this.properties = properties;
		this.store = store;
		this.telemetry = telemetry;
	}

	/** The turn's events after {@code afterSeq}, up to its terminal event. */
	Flux<DataBuffer> follow(String sessionId, String userId, String turnId, long afterSeq,
			Function<EventRecord, String> ids) {
		return this.telemetry.sseStream(SseEvents.of(this.turns.follow(sessionId, userId, turnId, afterSeq), ids,
				this.properties.heartbeat(), this.turns.shutdownSignal(), this.store.lost()));
	}

	/**
	 * The turn's events after {@code afterSeq}; 204 No Content (which makes an
	 * {@code EventSource} stop) when the turn has ended and the client has seen its
	 * terminal event; 404 when the turn is not the caller's. A {@code reconnect} that
	 * finds Redis unavailable gets a stream of only a {@code retry} hint, so the
	 * {@code EventSource} tries again later instead of giving up on an error status.
	 */
	Mono<ResponseEntity<Flux<DataBuffer>>> resume(String sessionId, String userId, String turnId, long afterSeq,
			Function<EventRecord, String> ids, boolean reconnect) {
		return this.turns.info(sessionId, userId, turnId).map((info) -> {
			// Past the end (a failover lost the last events the client saw, and the
			// turn was then ended as interrupted): the follower sends the terminal again.
			if (!info.running() && afterSeq == info.lastSeq()) {
				return ResponseEntity.noContent().<Flux<DataBuffer>>build();
			}
			return stream(turnId, follow(sessionId, userId, turnId, afterSeq, ids));
		})
			.onErrorResume((ex) -> reconnect && storeUnavailable(ex), (ex) -> Mono
				.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(SseEvents.retryLater())));
	}

	static ResponseEntity<Flux<DataBuffer>> stream(String turnId, Flux<DataBuffer> body) {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.header(ChatController.TURN_ID_HEADER, turnId)
			.body(body);
	}

	private static boolean storeUnavailable(Throwable ex) {
		return ErrorCatalogue.of(ex).status() == HttpStatus.SERVICE_UNAVAILABLE.value();
	}

}
