package dev.agentserve.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A stream's heartbeat: pings while the events are quiet, nothing once they end. */
class SseHeartbeatTests {

	private static final Duration BEAT = Duration.ofSeconds(15);

	@Test
	void aQuietStreamIsPingedAndTheFramesPassInOrder() {
		StepVerifier.withVirtualTime(() -> {
			Sinks.Many<DataBuffer> events = Sinks.many().unicast().onBackpressureBuffer();
			Flux<String> text = SseEvents.withHeartbeat(events.asFlux(), BEAT).map(SseHeartbeatTests::text);
			return text.doOnSubscribe((subscription) -> events.tryEmitNext(bytes("id:1\ndata:a\n\n")))
				.doOnNext((frame) -> {
					if (frame.equals(": ping\n\n")) {
						events.tryEmitNext(bytes("id:2\ndata:b\n\n"));
						events.tryEmitComplete();
					}
				});
		})
			.expectNext("id:1\ndata:a\n\n")
			.expectNoEvent(BEAT.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(": ping\n\n", "id:2\ndata:b\n\n")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void thePingsStopWhenTheFramesEnd() {
		StepVerifier
			.withVirtualTime(() -> SseEvents
				.withHeartbeat(Flux.just(bytes("id:1\ndata:a\n\n")).concatWith(Flux.never()).take(1), BEAT)
				.map(SseHeartbeatTests::text))
			.expectNext("id:1\ndata:a\n\n")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aStreamThatFailsEndsWithoutFurtherPings() {
		StepVerifier
			.withVirtualTime(() -> SseEvents.withHeartbeat(Flux.<DataBuffer>error(new IllegalStateException("gone"))
				.delaySubscription(BEAT.multipliedBy(2).plusMillis(1)), BEAT).map(SseHeartbeatTests::text))
			.thenAwait(BEAT)
			.expectNext(": ping\n\n")
			.thenAwait(BEAT)
			.expectNext(": ping\n\n")
			.thenAwait(Duration.ofMillis(1))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(5));
	}

	private static DataBuffer bytes(String frame) {
		return DefaultDataBufferFactory.sharedInstance.wrap(frame.getBytes(StandardCharsets.UTF_8));
	}

	private static String text(DataBuffer buffer) {
		return buffer.toString(StandardCharsets.UTF_8);
	}

}
