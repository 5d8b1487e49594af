package dev.agentserve.stream;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.agentserve.limit.Admission;
import dev.agentserve.limit.RequestQuota;
import dev.agentserve.approval.ApprovalService;
import dev.agentserve.turn.TurnService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code WS /ws/{sessionId}}. Client frames: {@code {"type":"chat","message":…}},
 * {@code {"type":"cancel"}}, {@code {"type":"resume","turnId":…,"after":n}},
 * {@code {"type":"approval",…}}. Server frames are the turn events, as on SSE, and
 * {@code {"type":"error","code":…,"message":…}} for a frame that could not be served; the
 * connection stays usable. Several turns, one after the other, share one connection (see
 * {@link Connection} for its limits).
 */
@Component
class TurnWebSocketHandler implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(TurnWebSocketHandler.class);

	/** The caller of a connection when the service runs without API keys. */
	static final String LOCAL_USER = "local";

	private final TurnService turns;

	private final RequestQuota quota;

	private final JsonMapper json;

	private final StreamProperties properties;

	private final WebSocketMetrics metrics;

	private final ApprovalService approvals;

	private final Admission admission;

	TurnWebSocketHandler(TurnService turns, ApprovalService approvals, RequestQuota quota, Admission admission,
			JsonMapper json, StreamProperties properties, WebSocketMetrics metrics) {
		this.turns = turns;
		this.admission = admission;
		this.approvals = approvals;
		this.quota = quota;
		this.json = json;
		this.properties = properties;
		this.metrics = metrics;
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
		return this.turns.requireSession(sessionId, userId)
			.then(Mono.fromSupplier(() -> true))
			.onErrorResume((ex) -> refuse(session, sessionId, ex).thenReturn(false))
			.flatMap((open) -> open ? new Connection(session, sessionId, userId, this.turns, this.approvals, this.quota,
					this.admission, this.json, this.properties, this.metrics)
				.run() : Mono.empty());
	}

	/**
	 * An error frame, then a close the client can act on: 1008 for a session it may not
	 * open (do not retry), 1013 when the store cannot be reached (retry later), 1011 for
	 * a bug.
	 */
	private Mono<Void> refuse(WebSocketSession session, String sessionId, Throwable ex) {
		FrameFailure failure = FrameFailure.of(ex);
		CloseStatus status = switch (failure.severity()) {
			case CLIENT -> CloseStatus.POLICY_VIOLATION;
			case UNAVAILABLE -> CloseStatus.SERVICE_OVERLOAD;
			case INTERNAL -> CloseStatus.SERVER_ERROR;
		};
		String message = failure.code().equals("not_found") ? "No session '" + sessionId + "'" : failure.message();
		String format = "WebSocket refused code={} session={} connection={}: {}";
		switch (failure.severity()) {
			case CLIENT -> log.info(format, failure.code(), sessionId, session.getId(), message);
			case UNAVAILABLE -> log.warn(format, failure.code(), sessionId, session.getId(), ex.toString());
			case INTERNAL -> log.error(format, failure.code(), sessionId, session.getId(), message, ex);
		}
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "error");
		frame.put("code", failure.code());
		frame.put("message", message);
		return session.send(Mono.just(session.textMessage(this.json.writeValueAsString(frame))))
			.then(session.close(status.withReason(failure.code())));
	}

}
