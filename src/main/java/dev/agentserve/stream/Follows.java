package dev.agentserve.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.Disposable;

/**
 * The follows of one connection, at most one per turn and at most {@code max}; a follow
 * leaves when it ends (terminal event, error or replaced).
 */
final class Follows {

	private final int max;

	private final Map<String, Follow> byTurn = new HashMap<>();

	private boolean disposed;

	Follows(int max) {
		this.max = max;
	}

	/** Whether a follow of a turn not followed yet would fit. */
	synchronized boolean full() {
		return this.byTurn.size() >= this.max;
	}

	/**
	 * Adds {@code follow}, replacing (and cancelling) its turn's previous follow; false
	 * when {@link #max} other turns are followed already, or after {@link #dispose}.
	 */
	boolean add(Follow follow) {
		Follow previous;
		synchronized (this) {
			previous = this.byTurn.get(follow.turnId());
			if (this.disposed || (previous == null && this.byTurn.size() >= this.max)) {
				return false;
			}
			this.byTurn.put(follow.turnId(), follow);
		}
		if (previous != null) {
			previous.dispose();
		}
		return true;
	}

	synchronized void remove(Follow follow) {
		this.byTurn.remove(follow.turnId(), follow);
	}

	synchronized int size() {
		return this.byTurn.size();
	}

	void dispose() {
		List<Follow> all;
		synchronized (this) {
			this.disposed = true;
			all = List.copyOf(this.byTurn.values());
			this.byTurn.clear();
		}
		all.forEach(Disposable::dispose);
	}

}
