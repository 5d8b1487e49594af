package dev.agentserve.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * WebSocket meters: open connections, frames waiting for slow sockets (what a client that
 * does not read costs), frames received, and connections the service closed, by reason.
 */
@Component
class WebSocketMetrics {

	private final MeterRegistry registry;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicLong pendingFrames = new AtomicLong();

	private final Counter received;

	WebSocketMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("agentserve.websocket.connections", this.connections, AtomicInteger::get)
			.description("Open WebSocket connections")
			.register(registry);
		Gauge.builder("agentserve.streams.active", this.connections, AtomicInteger::get)
			.description("Open event streams to clients")
			.tag("transport", "websocket")
			.register(registry);
		Gauge.builder("agentserve.websocket.pending.frames", this.pendingFrames, AtomicLong::get)
			.description("Frames waiting to be written to WebSocket clients")
			.register(registry);
		this.received = Counter.builder("agentserve.websocket.frames.received")
			.description("Data frames received from WebSocket clients")
			.register(registry);
	}

	AtomicLong pendingFrames() {
		return this.pendingFrames;
	}

	void opened() {
		this.connections.incrementAndGet();
	}

	void ended() {
		this.connections.decrementAndGet();
	}

	void received() {
		this.received.increment();
	}

	/** The service closed a connection; {@code reason} is one of a few fixed words. */
	void closed(String reason) {
		Counter.builder("agentserve.websocket.closed")
			.description("WebSocket connections the service closed")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

}
