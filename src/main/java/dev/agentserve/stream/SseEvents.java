package dev.agentserve.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.TurnNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * SSE framing of a turn's events: {@code id:} and {@code data: <json>} only, no
 * {@code event:} line, so a browser's {@code EventSource.onmessage} sees every event; a
 * {@code : ping} comment on each heartbeat keeps idle connections (and proxies) open.
 * <p>
 * A stream that cannot go on (the replica shuts down, Redis stops answering, the follower
 * fails) ends with a {@code retry} hint and a fixed comment, never an internal message:
 * an {@code EventSource} then reconnects by itself with {@code Last-Event-ID} and
 * resumes.
 * <p>
 * Frames are written as ready-made bytes rather than {@code ServerSentEvent}s: the SSE
 * writer flushes the connection after every event, while a plain body lets Reactor Netty
 * flush once for all the events that are ready together (a batch the turn just wrote).
 */
public final class SseEvents {

	private static final Logger log = LoggerFactory.getLogger(SseEvents.class);

	/** Reconnect delay suggested to clients when this replica shuts down. */
	static final Duration RETRY = Duration.ofSeconds(1);

	/**
	 * Reconnect delay suggested when the event store fails, plus up to as much again at
	 * random so that clients do not all come back at the same instant.
	 */
	static final Duration STORE_RETRY = Duration.ofSeconds(2);

	private SseEvents() {
	}

	/**
	 * The frames of {@code events}, each with the id {@code ids} gives it. When
	 * {@code shutdown} emits, when {@code storeLost} completes, or when {@code events}
	 * fails, the stream ends with a {@code retry} hint.
	 */
	public static Flux<DataBuffer> of(Flux<EventRecord> events, Function<EventRecord, String> ids, Duration heartbeat,
			Mono<?> shutdown, Mono<Void> storeLost) {
		AtomicReference<DataBuffer> hint = new AtomicReference<>();
		Mono<DataBuffer> stop = Mono
			.firstWithSignal(shutdown.map((signal) -> retryHint()),
					storeLost.then(Mono.fromSupplier(SseEvents::storeHint)))
			.doOnNext((cut) -> hint.compareAndSet(null, cut));
		return withHeartbeat(events.map((record) -> frame(record, ids)).takeUntilOther(stop).onErrorResume((ex) -> {
			if (ex instanceof DataAccessException || ex instanceof TurnNotFoundException) {
				log.debug("A turn's event stream ended early; the client is told to reconnect", ex);
			}
			else {
				log.warn("A turn's event stream failed; the client is told to reconnect", ex);
			}
			hint.compareAndSet(null, storeHint());
			return Mono.empty();
		}).concatWith(Mono.fromSupplier(hint::get)), heartbeat);
	}

	/**
	 * {@code frames} with a {@code : ping} comment every {@code heartbeat}, until the
	 * frames end. The pings stop on a completion sink rather than
	 * {@code publish(frames -> ... frames.ignoreElements())}: that multicast queued every
	 * frame, and its {@code ignoreElements} discarded each one through a walk of the
	 * whole subscriber chain's context, ~9% of a core at 1,500 live streams. One sink per
	 * subscription.
	 */
	public static Flux<DataBuffer> withHeartbeat(Flux<DataBuffer> frames, Duration heartbeat) {
		return Flux.defer(() -> {
			Sinks.Empty<Void> ended = Sinks.empty();
			return Flux.merge(frames.doFinally((signal) -> ended.tryEmitEmpty()),
					Flux.interval(heartbeat).onBackpressureDrop().map((tick) -> ping()).takeUntilOther(ended.asMono()));
		});
	}

	/**
	 * A stream of nothing but a {@code retry} hint: the answer to a reconnect that cannot
	 * be served while the event store is unavailable, so that the {@code EventSource}
	 * keeps trying (an error status would make it give up for good).
	 */
	public static Flux<DataBuffer> retryLater() {
		return Flux.just(storeHint());
	}

	/** {@code <seq>}: the id of the turn-scoped streams. */
	public static String seqId(EventRecord record) {
		return Long.toString(record.seq());
	}

	static DataBuffer frame(EventRecord record, Function<EventRecord, String> ids) {
		// The event JSON is one line (JSON escapes newlines), so one data: line serves.
		return bytes("id:" + ids.apply(record) + "\ndata:" + record.json() + "\n\n");
	}

	static DataBuffer retryHint() {
		return bytes(
				"retry:" + RETRY.toMillis() + "\n: this replica is shutting down; reconnect with Last-Event-ID\n\n");
	}

	static DataBuffer storeHint() {
		long jitter = ThreadLocalRandom.current().nextLong(STORE_RETRY.toMillis() + 1);
		return bytes("retry:" + (STORE_RETRY.toMillis() + jitter)
				+ "\n: the stream was interrupted; reconnect with Last-Event-ID\n\n");
	}

	static DataBuffer ping() {
		return bytes(": ping\n\n");
	}

	private static DataBuffer bytes(String frame) {
		return DefaultDataBufferFactory.sharedInstance.wrap(frame.getBytes(StandardCharsets.UTF_8));
	}

}
