package dev.agentserve.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.agentserve.limit.Admission;
import dev.agentserve.limit.OverloadedException;
import dev.agentserve.limit.RateLimitedException;
import dev.agentserve.limit.RequestQuota;
import dev.agentserve.approval.ApprovalService;
import dev.agentserve.turn.Attachment;
import dev.agentserve.turn.TurnService;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket connection: reads client frames one at a time (each charged to the
 * caller's request quota), follows up to {@code max-follows} turns into a bounded
 * {@link Outbox}, and closes the socket with a code the client can act on when it breaks
 * the protocol or stops reading.
 */
final class Connection {

	private static final Logger log = LoggerFactory.getLogger(TurnWebSocketHandler.class);

	static final String TOO_SLOW = "client too slow; resume with after=<last seq received>";

	private final WebSocketSession session;

	private final String sessionId;

	private final String userId;

	private final TurnService turns;

	private final RequestQuota quota;

	private final JsonMapper json;

	private final StreamProperties properties;

	private final WebSocketMetrics metrics;

	private final Outbox outbox;

	private final Follows follows;

	private final ApprovalService approvals;

	private final Admission admission;

	private final AtomicBoolean closing = new AtomicBoolean();

	/** Frames refused in a row by the quota; touched only by the (sequential) input. */
	private int rateLimited;

	Connection(WebSocketSession session, String sessionId, String userId, TurnService turns, ApprovalService approvals,
			RequestQuota quota, Admission admission, JsonMapper json, StreamProperties properties,
			WebSocketMetrics metrics) {
		this.session = session;
		this.admission = admission;
		this.sessionId = sessionId;
		this.userId = userId;
		this.turns = turns;
		this.approvals = approvals;
		this.quota = quota;
		this.json = json;
		this.properties = properties;
		this.metrics = metrics;
		this.outbox = new Outbox(properties.maxPendingFrames(), properties.maxPendingBytes().toBytes(),
				metrics.pendingFrames());
		this.follows = new Follows(properties.maxFollows());
	}

	Mono<Void> run() {
		this.metrics.opened();
		Disposable ticks = Flux.interval(this.properties.ping(), this.properties.ping())
			.onBackpressureDrop()
			.subscribe((tick) -> tick());
		Mono<Void> input = this.session.receive()
			.map(Inbound::of)
			// One frame at a time; the few read ahead keep the socket drained, so that
			// closing it does not reset the connection (which would discard the close
			// frame the client has not read yet).
			.concatMap((frame) -> this.closing.get() ? Mono.empty() : onFrame(frame))
			.then();
		Writability writability = Writability.of(channel(this.session));
		Mono<Void> output = this.session.send(this.outbox.frames(writability::ready).map(this::message));
		return Mono.zip(input, output).then().doFinally((signal) -> {
			ticks.dispose();
			this.follows.dispose();
			this.outbox.complete();
			this.metrics.ended();
		});
	}

	private Mono<Void> onFrame(Inbound frame) {
		return switch (frame) {
			case Inbound.Ping ping -> {
				this.outbox.pong(ping.data());
				yield Mono.empty();
			}
			case Inbound.Pong pong -> Mono.empty();
			case Inbound.MalformedText malformed -> {
				this.metrics.received();
				log.info("WebSocket frame with invalid UTF-8 session={} connection={}", this.sessionId,
						this.session.getId());
				close(CloseStatus.BAD_DATA.withReason("invalid UTF-8 in a text frame"), "bad_data");
				yield Mono.empty();
			}
			case Inbound.Binary binary -> charged(() -> {
				reply(FrameFailure.client("bad_frame", "Frames are JSON in text frames"), null);
				return Mono.empty();
			});
			case Inbound.Text text -> charged(() -> text(text.text()));
		};
	}

	/** Runs {@code action} if the caller's quota allows one more request. */
	private Mono<Void> charged(Supplier<Mono<Void>> action) {
		this.metrics.received();
		return this.quota.charge(this.userId).then(Mono.fromSupplier(() -> true)).onErrorResume((ex) -> {
			if (ex instanceof RateLimitedException limited) {
				rateLimited(limited);
				return Mono.just(false);
			}
			// The quota lets requests pass when Redis cannot be asked; anything else is a
			// bug, but no reason to refuse the frame.
			log.error("WebSocket frame not charged session={} connection={}", this.sessionId, this.session.getId(), ex);
			return Mono.just(true);
		}).flatMap((allowed) -> {
			if (!allowed) {
				return Mono.empty();
			}
			this.rateLimited = 0;
			return action.get().onErrorResume((ex) -> {
				reply(FrameFailure.of(ex), null);
				return Mono.empty();
			});
		});
	}

	/**
	 * A client that keeps sending after {@code max-rate-limited-frames} refusals ignores
	 * the retry hint: each frame still costs a Redis round trip and a reply, so the
	 * connection is closed (1008) rather than kept busy saying no.
	 */
	private void rateLimited(RateLimitedException ex) {
		FrameFailure failure = FrameFailure.of(ex);
		reply(failure, null);
		if (++this.rateLimited >= this.properties.maxRateLimitedFrames()) {
			close(CloseStatus.POLICY_VIOLATION
				.withReason("rate limit exceeded; retry in " + retrySeconds(ex.retryAfter()) + " s"), "rate_limited");
		}
	}

	private Mono<Void> text(String text) {
		JsonNode frame;
		try {
			frame = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			reply(FrameFailure.client("bad_frame", "The frame is not JSON: " + ex.getOriginalMessage()), null);
			return Mono.empty();
		}
		return switch (frame.path("type").asString("")) {
			case "chat" -> chat(frame);
			case "cancel" -> this.turns.cancel(this.sessionId, this.userId).then();
			case "resume" -> resume(frame);
			case "approval" -> this.approvals.decide(this.sessionId, this.userId, frame.path("turnId").asString(""),
					frame.path("callId").asString(""), frame.path("decision").asString(""),
					frame.has("args") ? frame.get("args") : null);
			default -> {
				reply(FrameFailure.client("unknown_type",
						"Frames have a type of chat, cancel, resume or approval; got " + frame.path("type")), null);
				yield Mono.empty();
			}
		};
	}

	private Mono<Void> chat(JsonNode frame) {
		JsonNode message = frame.path("message");
		if (!message.isString()) {
			reply(FrameFailure.client("bad_frame", "A chat frame needs a string message"), null);
			return Mono.empty();
		}
		if (this.follows.full()) {
			tooManyFollows(null);
			return Mono.empty();
		}
		Admission.Permit permit;
		try {
			permit = this.admission.admit(Admission.Work.TURN);
		}
		catch (OverloadedException ex) {
			reply(FrameFailure.of(ex), null);
			return Mono.empty();
		}
		JsonNode attachments = frame.path("attachments");
		if (!attachments.isMissingNode() && !attachments.isNull() && !attachments.isArray()) {
			reply(FrameFailure.client("bad_frame", "attachments must be an array of {type, mediaType, data | url}"),
					null);
			return Mono.empty();
		}
		List<Attachment> images = new ArrayList<>();
		for (JsonNode attachment : attachments.isArray() ? attachments : List.<JsonNode>of()) {
			images.add(new Attachment(text(attachment, "type"), text(attachment, "mediaType"), text(attachment, "data"),
					text(attachment, "url")));
		}
		return this.turns.start(this.sessionId, this.userId, message.asString(), images, null).doOnNext((turnId) -> {
			permit.answered(false);
			follow(turnId, 0);
		}).then().onErrorResume((ex) -> {
			FrameFailure failure = FrameFailure.of(ex);
			permit.answered(failure.severity() == FrameFailure.Severity.UNAVAILABLE);
			reply(failure, FrameFailure.turnId(ex));
			return Mono.empty();
		}).doFinally((signal) -> permit.abandoned());
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private Mono<Void> resume(JsonNode frame) {
		String turnId = frame.path("turnId").asString("");
		JsonNode after = frame.path("after");
		if (turnId.isEmpty() || !(after.isMissingNode() || (after.canConvertToLong() && after.asLong() >= 0))) {
			reply(FrameFailure.client("bad_frame", "A resume frame needs a turnId and, optionally, after >= 0"), null);
			return Mono.empty();
		}
		follow(turnId, after.asLong(0));
		return Mono.empty();
	}

	private void follow(String turnId, long after) {
		Follow follow = new Follow(turnId, this.outbox, (turn, ex) -> reply(FrameFailure.of(ex), turn),
				this.follows::remove);
		if (this.closing.get()) {
			return;
		}
		if (!this.follows.add(follow)) {
			tooManyFollows(turnId);
			return;
		}
		this.turns.follow(this.sessionId, this.userId, turnId, after).subscribe(follow);
	}

	private void tooManyFollows(@Nullable String turnId) {
		reply(FrameFailure.client("too_many_follows", "This connection already follows " + this.properties.maxFollows()
				+ " turns; wait for one to end or open another connection"), turnId);
	}

	/** Sends an error frame (logged once); a client that does not read is closed. */
	private void reply(FrameFailure failure, @Nullable String turnId) {
		log(failure, turnId);
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "error");
		frame.put("code", failure.code());
		frame.put("message", failure.message());
		if (turnId != null) {
			frame.put("turnId", turnId);
		}
		if (failure.retryAfter() != null) {
			frame.put("retryAfter", retrySeconds(failure.retryAfter()));
		}
		if (!this.outbox.reply(this.json.writeValueAsString(frame)) && !this.closing.get()) {
			close(CloseStatus.POLICY_VIOLATION.withReason(TOO_SLOW), "too_slow");
		}
	}

	private void log(FrameFailure failure, @Nullable String turnId) {
		String format = "WebSocket error frame code={} session={} connection={} turn={}: {}";
		Object[] args = { failure.code(), this.sessionId, this.session.getId(), turnId, failure.message() };
		switch (failure.severity()) {
			case CLIENT -> log.info(format, args);
			case UNAVAILABLE -> log.warn(format, args);
			case INTERNAL -> log.error(format, args);
		}
	}

	private void tick() {
		if (this.outbox.stalled()) {
			close(CloseStatus.POLICY_VIOLATION.withReason(TOO_SLOW), "too_slow");
		}
		else {
			this.outbox.ping();
		}
	}

	/**
	 * Stops every follow, drops the frames still waiting, and sends the close frame on
	 * the channel's event loop (after the frames already handed to it), then ends the
	 * output. A client that does not read never takes that frame, so the channel is
	 * dropped after {@code close-timeout}.
	 */
	private void close(CloseStatus status, String reason) {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		log.info("Closing WebSocket session={} connection={} with {} {}", this.sessionId, this.session.getId(),
				status.getCode(), status.getReason());
		this.metrics.closed(reason);
		this.follows.dispose();
		this.outbox.close();
		Channel channel = channel(this.session);
		if (channel == null) {
			this.session.close(status)
				.doFinally((signal) -> this.outbox.complete())
				.subscribe(null, (ex) -> log.debug("Close failed: {}", ex.toString()));
			return;
		}
		// The close frame is written before the output ends: when the handler ends first,
		// Reactor Netty closes with an empty frame (1005) instead.
		channel.eventLoop().execute(() -> {
			this.session.close(status).subscribe(null, (ex) -> log.debug("Close failed: {}", ex.toString()));
			this.outbox.complete();
		});
		Mono.delay(this.properties.closeTimeout()).subscribe((tick) -> {
			if (channel.isActive()) {
				log.info("Dropping WebSocket session={} connection={}: the client did not take the close frame",
						this.sessionId, this.session.getId());
				channel.close();
			}
		});
	}

	private WebSocketMessage message(Outbox.Frame frame) {
		return switch (frame) {
			case Outbox.Text text -> this.session.textMessage(text.json());
			case Outbox.Ping ping -> this.session.pingMessage((buffers) -> buffers.wrap(new byte[0]));
			case Outbox.Pong pong -> this.session.pongMessage((buffers) -> buffers.wrap(pong.data()));
		};
	}

	private static long retrySeconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	private static @Nullable Channel channel(WebSocketSession session) {
		return (session.getAttributes().get(EventLoopUpgradeStrategy.CHANNEL) instanceof Channel channel) ? channel
				: null;
	}

}
