package dev.agentserve.api;

import dev.agentserve.stream.SseEvents;
import dev.agentserve.turn.TurnInfo;
import dev.agentserve.turn.TurnService;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A turn's status, and its events replayed from the log then followed live. */
@RestController
class TurnController {

	private final TurnService turns;

	private final TurnStreams streams;

	TurnController(TurnService turns, TurnStreams streams) {
		this.turns = turns;
		this.streams = streams;
	}

	@GetMapping(path = "/sessions/{id}/turns/{turnId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<TurnInfo> turn(Caller caller, @PathVariable String id, @PathVariable String turnId) {
		return this.turns.info(id, caller.userId(), turnId);
	}

	/**
	 * Events after {@code Last-Event-ID} (what a reconnecting {@code EventSource} sends)
	 * or {@code after}; from the first event when neither is given. 204 when the turn has
	 * ended and the client has seen its terminal event.
	 */
	@GetMapping(path = "/sessions/{id}/turns/{turnId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<DataBuffer>>> events(Caller caller, @PathVariable String id, @PathVariable String turnId,
			@RequestHeader(name = "Last-Event-ID", required = false) @PositiveOrZero @Nullable Long lastEventId,
			@RequestParam(required = false) @PositiveOrZero @Nullable Long after) {
		long from = (lastEventId != null) ? lastEventId : (after != null) ? after : 0;
		return this.streams.resume(id, caller.userId(), turnId, from, SseEvents::seqId, lastEventId != null);
	}

}
