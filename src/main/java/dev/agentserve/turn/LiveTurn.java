package dev.agentserve.turn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A turn running on this replica as its local followers see it: each event once Redis has
 * acknowledged it, fed from memory rather than echoed back over pub/sub, and a short
 * window of the latest events for a follower that joins a moment late (the client that
 * started the turn). A follower that falls behind the window, or joins after the turn
 * ended here, reads the log instead.
 */
final class LiveTurn {

	/** Latest events kept for late joiners; small, since every running turn has one. */
	static final int WINDOW = 16;

	private final String sessionId;

	private final String userId;

	private final ArrayDeque<EventRecord> recent = new ArrayDeque<>(WINDOW);

	private final Sinks.Many<EventRecord> live = Sinks.many().multicast().directBestEffort();

	private boolean closed;

	LiveTurn(String sessionId, String userId) {
		this.sessionId = sessionId;
		this.userId = userId;
	}

	/** Whether {@code userId} may follow this turn of {@code sessionId} from memory. */
	boolean ownedBy(String sessionId, String userId) {
		return this.sessionId.equals(sessionId) && this.userId.equals(userId);
	}

	/** Hands acknowledged events, in seq order, to the followers. */
	synchronized void publish(List<EventRecord> records) {
		if (this.closed) {
			return;
		}
		for (EventRecord record : records) {
			if (this.recent.size() == WINDOW) {
				this.recent.poll();
			}
			this.recent.add(record);
			// A follower without demand misses the event, sees the gap at the next one
			// and reads the log: it never blocks the turn.
			this.live.tryEmitNext(record);
		}
	}

	/** The turn stopped writing here (it ended, or lost its lease). */
	synchronized void close() {
		this.closed = true;
		this.recent.clear();
		this.live.tryEmitComplete();
	}

	/** Events published from now on; completes when the turn stops here. */
	Flux<EventRecord> events() {
		return this.live.asFlux();
	}

	/**
	 * The published events after {@code cursor} when the window holds all of them (an
	 * empty list: none yet); null when it does not, or the turn stopped here: read the
	 * log.
	 */
	synchronized @Nullable List<EventRecord> after(long cursor) {
		EventRecord oldest = this.recent.peekFirst();
		if (this.closed || oldest == null || oldest.seq() > cursor + 1) {
			return null;
		}
		List<EventRecord> after = new ArrayList<>(this.recent.size());
		for (EventRecord record : this.recent) {
			if (record.seq() > cursor) {
				after.add(record);
			}
		}
		return after;
	}

}
