package dev.agentserve.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.agentserve.turn.EventRecord;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SSE framing of a turn's events: {@code id: <seq>} and {@code data: <json>} only, no
 * {@code event:} line, so a browser's {@code EventSource.onmessage} sees every event; a
 * {@code : ping} comment on each heartbeat keeps idle connections (and proxies) open.
 */
public final class SseEvents {

	private SseEvents() {
	}

	/** Reconnect delay suggested to clients when this replica shuts down. */
	static final Duration RETRY = Duration.ofSeconds(1);

	/**
	 * The frames of {@code events}; when {@code shutdown} emits first, the stream ends
	 * with a {@code retry} hint, and the client reconnects (to another replica) with
	 * Last-Event-ID.
	 */
	public static Flux<ServerSentEvent<String>> of(Flux<EventRecord> events, Duration heartbeat,
			Mono<Boolean> shutdown) {
		AtomicBoolean cut = new AtomicBoolean();
		return events.map(SseEvents::frame)
			.takeUntilOther(shutdown.doOnNext((signal) -> cut.set(true)))
			.concatWith(Mono.fromSupplier(SseEvents::retryHint).filter((hint) -> cut.get()))
			.publish((frames) -> Flux.merge(frames,
					Flux.interval(heartbeat).map((tick) -> ping()).takeUntilOther(frames.ignoreElements().then())));
	}

	static ServerSentEvent<String> frame(EventRecord record) {
		return ServerSentEvent.builder(record.json()).id(Long.toString(record.seq())).build();
	}

	static ServerSentEvent<String> retryHint() {
		return ServerSentEvent.<String>builder()
			.retry(RETRY)
			.comment(" this replica is shutting down; reconnect with Last-Event-ID")
			.build();
	}

	static ServerSentEvent<String> ping() {
		return ServerSentEvent.<String>builder().comment(" ping").build();
	}

}
