package dev.agentserve.stream;

import java.time.Duration;

import dev.agentserve.turn.EventRecord;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * SSE framing of a turn's events: {@code id: <seq>} and {@code data: <json>} only, no
 * {@code event:} line, so a browser's {@code EventSource.onmessage} sees every event; a
 * {@code : ping} comment on each heartbeat keeps idle connections (and proxies) open.
 */
public final class SseEvents {

	private SseEvents() {
	}

	public static Flux<ServerSentEvent<String>> of(Flux<EventRecord> events, Duration heartbeat) {
		return events.map(SseEvents::frame)
			.publish((frames) -> Flux.merge(frames,
					Flux.interval(heartbeat).map((tick) -> ping()).takeUntilOther(frames.ignoreElements().then())));
	}

	static ServerSentEvent<String> frame(EventRecord record) {
		return ServerSentEvent.builder(record.json()).id(Long.toString(record.seq())).build();
	}

	static ServerSentEvent<String> ping() {
		return ServerSentEvent.<String>builder().comment(" ping").build();
	}

}
