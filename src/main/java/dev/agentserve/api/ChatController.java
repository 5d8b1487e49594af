package dev.agentserve.api;

import java.util.Map;

import dev.agentserve.stream.SseEvents;
import dev.agentserve.turn.TurnProperties;
import dev.agentserve.turn.TurnService;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat turns. The turn runs detached: a client that disconnects loses nothing and can
 * follow the turn again from {@code /sessions/{id}/turns/{turnId}/events}.
 */
@RestController
class ChatController {

	/** Names the turn of a streamed answer before its first event arrives. */
	static final String TURN_ID_HEADER = "X-Turn-Id";

	private final TurnService turns;

	private final TurnProperties properties;

	ChatController(TurnService turns, TurnProperties properties) {
		this.turns = turns;
		this.properties = properties;
	}

	@PostMapping(path = "/sessions/{id}/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE })
	Mono<ResponseEntity<?>> chat(Caller caller, @PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Valid @RequestBody ChatRequest request) {
		return this.turns.start(id, caller.userId(), request.message(), idempotencyKey).flatMap((turnId) -> {
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
					.body(result));
		});
	}

	/** The same as a streamed POST, for a browser's {@code EventSource}. */
	@GetMapping(path = "/sessions/{id}/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> chatFromBrowser(Caller caller, @PathVariable String id,
			@RequestParam String message) {
		return this.turns.start(id, caller.userId(), message)
			.map((turnId) -> ResponseEntity.ok()
				.header(TURN_ID_HEADER, turnId)
				.body(events(id, caller.userId(), turnId)));
	}

	/** Cancels the running turn, whichever replica runs it. */
	@PostMapping(path = "/sessions/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, String>>> cancel(Caller caller, @PathVariable String id) {
		return this.turns.cancel(id, caller.userId())
			.map((turnId) -> ResponseEntity.accepted().body(Map.of("turnId", turnId)));
	}

	private Flux<ServerSentEvent<String>> events(String sessionId, String userId, String turnId) {
		return SseEvents.of(this.turns.follow(sessionId, userId, turnId, 0), this.properties.heartbeat(),
				this.turns.shutdownSignal());
	}

}
