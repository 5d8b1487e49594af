package dev.agentserve.turn;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * The turns this replica runs at once ({@code max-concurrent}). Each start takes a
 * {@link Slot}, and whoever holds it releases it exactly once: the start on its failure,
 * the running turn at its end. Public for reading only: admission control refuses a start
 * early, before its body is read, when every slot is taken.
 */
@Component
public class ReplicaSlots {

	private final AtomicInteger inUse = new AtomicInteger();

	private final int max;

	ReplicaSlots(TurnProperties properties) {
		this.max = properties.maxConcurrent();
	}

	/** A slot, or {@link TooManyTurnsException} when all are taken. */
	Slot acquire() {
		if (this.inUse.incrementAndGet() > this.max) {
			this.inUse.decrementAndGet();
			throw new TooManyTurnsException(this.max);
		}
		return new Slot();
	}

	/** Turns running (or starting) on this replica. */
	public int inUse() {
		return this.inUse.get();
	}

	/** The most turns this replica runs at once. */
	public int max() {
		return this.max;
	}

	/** One taken slot; releasing it twice frees it once. */
	final class Slot {

		private final AtomicBoolean released = new AtomicBoolean();

		void release() {
			if (this.released.compareAndSet(false, true)) {
				ReplicaSlots.this.inUse.decrementAndGet();
			}
		}

	}

}
