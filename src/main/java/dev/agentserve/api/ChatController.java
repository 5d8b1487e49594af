package dev.agentserve.api;

import java.util.Map;

import dev.agentserve.stream.SseEvents;
import dev.agentserve.limit.Admission;
import dev.agentserve.turn.TurnService;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat turns. The turn runs detached: a client that disconnects loses nothing and can
 * follow the turn again from {@code /sessions/{id}/turns/{turnId}/events}. Both answers
 * of {@code POST /chat} are bytes (the JSON result written with the application's
 * mapper): a body of one declared type is what lets the event stream go out without a
 * flush per event (see {@link SseEvents}).
 */
@RestController
class ChatController {

	/** Names the turn of a streamed answer before its first event arrives. */
	static final String TURN_ID_HEADER = "X-Turn-Id";

	private final TurnService turns;

	private final TurnStreams streams;

	private final JsonMapper json;

	ChatController(TurnService turns, TurnStreams streams, JsonMapper json) {
		this.turns = turns;
		this.streams = streams;
		this.json = json;
	}

	@PostMapping(path = "/sessions/{id}/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE })
	Mono<ResponseEntity<Flux<DataBuffer>>> chat(Caller caller, @PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Valid @RequestBody ChatRequest request) {
		return Admission
			.started(this.turns.start(id, caller.userId(), request.message(), request.images(), idempotencyKey))
			.flatMap((turnId) -> {
				if (request.streaming()) {
					return Mono.just(ResponseEntity.ok()
						.contentType(MediaType.TEXT_EVENT_STREAM)
						.header(TURN_ID_HEADER, turnId)
						.body(events(id, caller.userId(), turnId)));
				}
				return this.turns.result(id, caller.userId(), turnId)
					.map((result) -> ResponseEntity.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.header(TURN_ID_HEADER, turnId)
						.body(Flux
							.just(DefaultDataBufferFactory.sharedInstance.wrap(this.json.writeValueAsBytes(result)))));
			});
	}

	/**
	 * The same as a streamed POST, for a browser's {@code EventSource}, whose frames are
	 * named {@code <turnId>:<seq>}. The {@code EventSource} reconnects to this same URL
	 * after any drop, and after the stream ends, with {@code Last-Event-ID}: such a
	 * request never starts a turn; it resumes the one it names, or answers 204 once that
	 * turn's terminal event was seen, so the browser stops.
	 */
	@GetMapping(path = "/sessions/{id}/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<DataBuffer>>> chatFromBrowser(Caller caller, @PathVariable String id,
			@RequestParam String message,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
		if (lastEventId != null) {
			BrowserEventId last = BrowserEventId.parse(lastEventId);
			return this.streams.resume(id, caller.userId(), last.turnId(), last.seq(), BrowserEventId.of(last.turnId()),
					true);
		}
		return Admission.started(this.turns.start(id, caller.userId(), message))
			.map((turnId) -> TurnStreams.stream(turnId,
					this.streams.follow(id, caller.userId(), turnId, 0, BrowserEventId.of(turnId))));
	}

	/** Cancels the running turn, whichever replica runs it. */
	@PostMapping(path = "/sessions/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<ResponseEntity<Map<String, String>>> cancel(Caller caller, @PathVariable String id) {
		return this.turns.cancel(id, caller.userId())
			.map((turnId) -> ResponseEntity.accepted().body(Map.of("turnId", turnId)));
	}

	private Flux<DataBuffer> events(String sessionId, String userId, String turnId) {
		return this.streams.follow(sessionId, userId, turnId, 0, SseEvents::seqId);
	}

}
