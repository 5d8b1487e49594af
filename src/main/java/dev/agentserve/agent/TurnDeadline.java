package dev.agentserve.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The turn timeout of one turn, measured on the service's {@link Clock} and paused while
 * any call of the turn waits for a human's approval (each wait is bounded by the approval
 * timeout), so a turn is never timed out for time a person took to decide.
 */
final class TurnDeadline {

	private final Clock clock;

	private final long limitMillis;

	/** Each resume bumps it; a waiter re-checks after a change. */
	private final Sinks.Many<Long> changes = Sinks.many().replay().latest();

	private long activeBefore;

	private long segmentStart;

	private int paused;

	private long generation;

	TurnDeadline(Clock clock, Duration limit) {
		this.clock = clock;
		this.limitMillis = limit.toMillis();
		this.segmentStart = clock.millis();
		this.changes.tryEmitNext(0L);
	}

	synchronized void pause() {
		if (this.paused++ == 0) {
			this.activeBefore += this.clock.millis() - this.segmentStart;
		}
	}

	synchronized void resume() {
		if (this.paused > 0 && --this.paused == 0) {
			this.segmentStart = this.clock.millis();
			this.changes.tryEmitNext(++this.generation);
		}
	}

	/**
	 * {@code wait}, with the deadline paused from its subscription until it yields, fails
	 * or is cancelled (resumed before its value goes on, so what follows is timed).
	 */
	<T> Mono<T> pausedDuring(Supplier<Mono<T>> wait) {
		return Mono.defer(() -> {
			AtomicBoolean waiting = new AtomicBoolean(true);
			Runnable resume = () -> {
				if (waiting.compareAndSet(true, false)) {
					resume();
				}
			};
			pause();
			return wait.get().doOnSuccess((value) -> resume.run()).doFinally((signal) -> resume.run());
		});
	}

	synchronized long activeMillis() {
		return this.activeBefore + ((this.paused > 0) ? 0 : this.clock.millis() - this.segmentStart);
	}

	/** Emits once the turn has been active (not paused) for the whole limit. */
	Mono<Boolean> reached() {
		return Mono.defer(() -> {
			Mono<?> next;
			synchronized (this) {
				if (this.paused > 0) {
					long seen = this.generation;
					next = this.changes.asFlux().filter((generation) -> generation != seen).next();
				}
				else {
					long remaining = this.limitMillis - activeMillis();
					if (remaining <= 0) {
						return Mono.just(true);
					}
					next = Mono.delay(Duration.ofMillis(remaining));
				}
			}
			return next.then(reached());
		});
	}

}
