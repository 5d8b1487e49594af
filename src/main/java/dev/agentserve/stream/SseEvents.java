package dev.agentserve.stream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.TurnNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SSE framing of a turn's events: {@code id:} and {@code data: <json>} only, no
 * {@code event:} line, so a browser's {@code EventSource.onmessage} sees every event; a
 * {@code : ping} comment on each heartbeat keeps idle connections (and proxies) open.
 * <p>
 * A stream that cannot go on (the replica shuts down, Redis stops answering, the follower
 * fails) ends with a {@code retry} hint and a fixed comment, never an internal message:
 * an {@code EventSource} then reconnects by itself with {@code Last-Event-ID} and
 * resumes.
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
	public static Flux<ServerSentEvent<String>> of(Flux<EventRecord> events, Function<EventRecord, String> ids,
			Duration heartbeat, Mono<?> shutdown, Mono<Void> storeLost) {
		AtomicReference<ServerSentEvent<String>> hint = new AtomicReference<>();
		Mono<ServerSentEvent<String>> stop = Mono
			.firstWithSignal(shutdown.map((signal) -> retryHint()),
					storeLost.then(Mono.fromSupplier(SseEvents::storeHint)))
			.doOnNext((cut) -> hint.compareAndSet(null, cut));
		return events.map((record) -> frame(record, ids)).takeUntilOther(stop).onErrorResume((ex) -> {
			if (ex instanceof DataAccessException || ex instanceof TurnNotFoundException) {
				log.debug("A turn's event stream ended early; the client is told to reconnect", ex);
			}
			else {
				log.warn("A turn's event stream failed; the client is told to reconnect", ex);
			}
			hint.compareAndSet(null, storeHint());
			return Mono.empty();
		})
			.concatWith(Mono.fromSupplier(hint::get))
			.publish((frames) -> Flux.merge(frames,
					Flux.interval(heartbeat)
						.onBackpressureDrop()
						.map((tick) -> ping())
						.takeUntilOther(frames.ignoreElements().then())));
	}

	/**
	 * A stream of nothing but a {@code retry} hint: the answer to a reconnect that cannot
	 * be served while the event store is unavailable, so that the {@code EventSource}
	 * keeps trying (an error status would make it give up for good).
	 */
	public static Flux<ServerSentEvent<String>> retryLater() {
		return Flux.just(storeHint());
	}

	/** {@code <seq>}: the id of the turn-scoped streams. */
	public static String seqId(EventRecord record) {
		return Long.toString(record.seq());
	}

	static ServerSentEvent<String> frame(EventRecord record, Function<EventRecord, String> ids) {
		return ServerSentEvent.builder(record.json()).id(ids.apply(record)).build();
	}

	static ServerSentEvent<String> retryHint() {
		return ServerSentEvent.<String>builder()
			.retry(RETRY)
			.comment(" this replica is shutting down; reconnect with Last-Event-ID")
			.build();
	}

	static ServerSentEvent<String> storeHint() {
		long jitter = ThreadLocalRandom.current().nextLong(STORE_RETRY.toMillis() + 1);
		return ServerSentEvent.<String>builder()
			.retry(STORE_RETRY.plusMillis(jitter))
			.comment(" the stream was interrupted; reconnect with Last-Event-ID")
			.build();
	}

	static ServerSentEvent<String> ping() {
		return ServerSentEvent.<String>builder().comment(" ping").build();
	}

}
