package dev.agentserve.stream;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.agentserve.approval.ApprovalService;
import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.TurnService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code WS /ws/{sessionId}}. Client frames: {@code {"type":"chat","message":…}},
 * {@code {"type":"cancel"}}, {@code {"type":"resume","turnId":…,"after":n}}. Server
 * frames are the turn events, as on SSE, and
 * {@code {"type":"error","code":…,"message":…}} for a frame that could not be served; the
 * connection stays usable. Several turns, one after the other, share one connection.
 */
@Component
class TurnWebSocketHandler implements WebSocketHandler {

	/** The caller of a connection when the service runs without API keys. */
	static final String LOCAL_USER = "local";

	private static final Sinks.EmitFailureHandler RETRY_CONCURRENT = Sinks.EmitFailureHandler
		.busyLooping(Duration.ofSeconds(1));

	private final TurnService turns;

	private final ApprovalService approvals;

	private final JsonMapper json;

	private final StreamProperties properties;

	TurnWebSocketHandler(TurnService turns, ApprovalService approvals, JsonMapper json, StreamProperties properties) {
		this.turns = turns;
		this.approvals = approvals;
		this.json = json;
		this.properties = properties;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.getHandshakeInfo()
			.getPrincipal()
			.map(Principal::getName)
			.defaultIfEmpty(LOCAL_USER)
			.flatMap((userId) -> handle(session, userId));
	}

	private Mono<Void> handle(WebSocketSession session, String userId) {
		String path = session.getHandshakeInfo().getUri().getPath();
		String sessionId = path.substring(path.lastIndexOf('/') + 1);
		Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
		Disposable.Composite follows = Disposables.composite();
		Connection connection = new Connection(sessionId, userId, out, follows);
		Mono<Void> input = session.receive()
			.map(WebSocketMessage::getPayloadAsText)
			.concatMap((text) -> connection.frame(text).onErrorResume((ex) -> Mono.empty()))
			.then();
		Flux<WebSocketMessage> output = Flux.merge(out.asFlux().map(session::textMessage),
				Flux.interval(this.properties.ping())
					.map((tick) -> session.pingMessage((buffers) -> buffers.wrap(new byte[0]))));
		return this.turns.requireSession(sessionId, userId)
			.then(Mono.zip(input, session.send(output)).then())
			.onErrorResume((ex) -> session
				.send(Mono.just(session.textMessage(error("not_found", "No session '" + sessionId + "'", null))))
				.then(session.close(CloseStatus.POLICY_VIOLATION)))
			.doFinally((signal) -> follows.dispose());
	}

	private String error(String code, String message, @Nullable String turnId) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "error");
		frame.put("code", code);
		frame.put("message", message);
		if (turnId != null) {
			frame.put("turnId", turnId);
		}
		return this.json.writeValueAsString(frame);
	}

	/** The state of one connection. */
	private final class Connection {

		private final String sessionId;

		private final String userId;

		private final Sinks.Many<String> out;

		private final Disposable.Composite follows;

		Connection(String sessionId, String userId, Sinks.Many<String> out, Disposable.Composite follows) {
			this.sessionId = sessionId;
			this.userId = userId;
			this.out = out;
			this.follows = follows;
		}

		Mono<Void> frame(String text) {
			JsonNode frame;
			try {
				frame = TurnWebSocketHandler.this.json.readTree(text);
			}
			catch (JacksonException ex) {
				return reply("bad_frame", "The frame is not JSON: " + ex.getOriginalMessage(), null);
			}
			return switch (frame.path("type").asString("")) {
				case "chat" -> chat(frame);
				case "cancel" -> TurnWebSocketHandler.this.turns.cancel(this.sessionId, this.userId)
					.then()
					.onErrorResume((ex) -> reply(FrameErrors.code(ex), ex.getMessage(), null));
				case "resume" -> resume(frame);
				case "approval" -> TurnWebSocketHandler.this.approvals
					.decide(this.sessionId, this.userId, frame.path("turnId").asString(""),
							frame.path("callId").asString(""), frame.path("decision").asString(""),
							frame.has("args") ? frame.get("args") : null)
					.onErrorResume((ex) -> reply(FrameErrors.code(ex), ex.getMessage(), null));
				default -> reply("unknown_type",
						"Frames have a type of chat, cancel, resume or approval; got " + frame.path("type"), null);
			};
		}

		private Mono<Void> chat(JsonNode frame) {
			JsonNode message = frame.path("message");
			if (!message.isString()) {
				return reply("bad_frame", "A chat frame needs a string message", null);
			}
			return TurnWebSocketHandler.this.turns.start(this.sessionId, this.userId, message.asString())
				.doOnNext((turnId) -> follow(turnId, 0))
				.then()
				.onErrorResume((ex) -> reply(FrameErrors.code(ex), ex.getMessage(), FrameErrors.turnId(ex)));
		}

		private Mono<Void> resume(JsonNode frame) {
			String turnId = frame.path("turnId").asString("");
			JsonNode after = frame.path("after");
			if (turnId.isEmpty() || !(after.isMissingNode() || (after.canConvertToLong() && after.asLong() >= 0))) {
				return reply("bad_frame", "A resume frame needs a turnId and, optionally, after >= 0", null);
			}
			follow(turnId, after.asLong(0));
			return Mono.empty();
		}

		private void follow(String turnId, long after) {
			this.follows.add(TurnWebSocketHandler.this.turns.follow(this.sessionId, this.userId, turnId, after)
				.map(EventRecord::json)
				.subscribe((json) -> this.out.emitNext(json, RETRY_CONCURRENT), (ex) -> this.out
					.emitNext(error(FrameErrors.code(ex), ex.getMessage(), turnId), RETRY_CONCURRENT)));
		}

		private Mono<Void> reply(String code, @Nullable String message, @Nullable String turnId) {
			this.out.emitNext(error(code, (message != null) ? message : code, turnId), RETRY_CONCURRENT);
			return Mono.empty();
		}

	}

}
