package dev.agentserve.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The frames of one connection that wait for its socket, bounded in frames and bytes.
 * Turn events are backpressured: a follow takes its next event only while the outbox is
 * under half its limits ({@link #event}), so no follow reads Redis faster than the client
 * reads its socket. Replies to client frames are not: the client causes them, so a reply
 * that would exceed the limits means the client sends but does not read, and
 * {@link #reply} answers false (the caller closes the connection). Server pings are only
 * queued on an idle connection and at most one pong waits at a time, so neither can grow
 * it.
 */
final class Outbox {

	/** A frame to write. */
	sealed interface Frame permits Text, Ping, Pong {

	}

	record Text(String json) implements Frame {
	}

	record Ping() implements Frame {
	}

	record Pong(byte[] data) implements Frame {
	}

	private final int maxFrames;

	private final long maxBytes;

	/** Every outbox's pending frames (a gauge). */
	private final AtomicLong allPending;

	private final Sinks.Many<Frame> sink = Sinks.unsafe()
		.many()
		.unicast()
		.onBackpressureBuffer(Queues.<Frame>unboundedMultiproducer().get());

	private final List<Runnable> waiting = new ArrayList<>();

	private int frames;

	private long bytes;

	private long taken;

	private long takenAtLastCheck = -1;

	private boolean pongPending;

	private volatile boolean closed;

	Outbox(int maxFrames, long maxBytes, AtomicLong allPending) {
		this.maxFrames = maxFrames;
		this.maxBytes = maxBytes;
		this.allPending = allPending;
	}

	/**
	 * The frames, each once {@code ready} completes (the socket takes writes); after
	 * {@link #close} the waiting ones are dropped, and the flux ends at
	 * {@link #complete}.
	 */
	Flux<Frame> frames(Supplier<Mono<Void>> ready) {
		return this.sink.asFlux()
			.concatMap((frame) -> ready.get().thenReturn(frame), 0)
			.filter((frame) -> !this.closed)
			.doOnNext(this::taken);
	}

	/**
	 * Queues a turn event and answers whether its follow may take the next one now; if
	 * not, {@code resume} runs once the socket has drained the outbox below half.
	 */
	boolean event(String json, Runnable resume) {
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			push(new Text(json), json.length());
			if (this.frames < this.maxFrames / 2 && this.bytes < this.maxBytes / 2) {
				return true;
			}
			this.waiting.add(resume);
			return false;
		}
	}

	/**
	 * Queues a reply; false when the outbox holds its most frames (or is closed). Only
	 * the frame count bounds replies (they are small): large events queued by the follows
	 * may fill the bytes of a client that reads normally, and a reply must not then close
	 * it as too slow.
	 */
	synchronized boolean reply(String json) {
		if (this.closed || this.frames >= this.maxFrames) {
			return false;
		}
		push(new Text(json), json.length());
		return true;
	}

	/**
	 * Queues a ping when nothing else waits (any frame shows the connection is alive).
	 */
	synchronized void ping() {
		if (!this.closed && this.frames == 0) {
			push(new Ping(), 0);
		}
	}

	/** Queues the answer to a client's ping, unless one already waits. */
	synchronized void pong(byte[] data) {
		if (!this.closed && !this.pongPending) {
			this.pongPending = true;
			push(new Pong(data), data.length);
		}
	}

	/**
	 * Whether frames wait and the socket took none since the previous call: the client
	 * stopped reading.
	 */
	synchronized boolean stalled() {
		boolean stalled = this.frames > 0 && this.taken == this.takenAtLastCheck;
		this.takenAtLastCheck = this.taken;
		return stalled;
	}

	/**
	 * Stops taking frames and drops the waiting ones; {@link #frames} ends at
	 * {@link #complete}.
	 */
	synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.waiting.clear();
		this.allPending.addAndGet(-this.frames);
		this.frames = 0;
		this.bytes = 0;
	}

	/** Ends {@link #frames}, which lets the connection end. */
	void complete() {
		close();
		this.sink.tryEmitComplete();
	}

	synchronized int pending() {
		return this.frames;
	}

	private void push(Frame frame, long size) {
		this.frames++;
		this.bytes += size;
		this.allPending.incrementAndGet();
		this.sink.tryEmitNext(frame);
	}

	private void taken(Frame frame) {
		List<Runnable> resumed;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.taken++;
			this.frames--;
			this.allPending.decrementAndGet();
			switch (frame) {
				case Text text -> this.bytes -= text.json().length();
				case Pong pong -> {
					this.bytes -= pong.data().length;
					this.pongPending = false;
				}
				case Ping ping -> {
				}
			}
			if (this.waiting.isEmpty() || this.frames >= this.maxFrames / 2 || this.bytes >= this.maxBytes / 2) {
				return;
			}
			resumed = List.copyOf(this.waiting);
			this.waiting.clear();
		}
		resumed.forEach(Runnable::run);
	}

}
