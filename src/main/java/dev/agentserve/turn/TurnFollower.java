package dev.agentserve.turn;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows one turn's log for one client: what is stored after the client's cursor, then
 * each live notice (from memory when the turn runs on this replica, see {@link LiveTurn};
 * else from pub/sub). A notice that skips ahead (one was lost or dropped for a slow
 * client), and every poll tick, re-read the Stream from the cursor, so a lost notice
 * costs latency, never an event, and nothing is sent twice. Ends after the terminal
 * event, at once when the client has already seen it, or with
 * {@link TurnNotFoundException} when the turn's keys are gone (its session was deleted).
 */
final class TurnFollower {

	/** A wake-up that is no live event: re-read the log. */
	private static final EventRecord CATCH_UP = new EventRecord(-1, "", "");

	/** Nothing more will come: the turn has ended and the client has seen its end. */
	private static final EventRecord ENDED = new EventRecord(-1, "", "");

	private final TurnStore store;

	private final String sessionId;

	private final String turnId;

	private final @Nullable LiveTurn local;

	TurnFollower(TurnStore store, String sessionId, String turnId, @Nullable LiveTurn local) {
		this.store = store;
		this.sessionId = sessionId;
		this.turnId = turnId;
		this.local = local;
	}

	Flux<EventRecord> follow(long afterSeq, Flux<EventRecord> live, Duration poll) {
		AtomicLong last = new AtomicLong(afterSeq);
		Flux<EventRecord> wakeUps = Flux.merge(Flux.just(CATCH_UP), live.onBackpressureDrop(),
				Flux.interval(poll).onBackpressureDrop().map((tick) -> CATCH_UP));
		return wakeUps.concatMap((signal) -> Flux.defer(() -> {
			if (signal != CATCH_UP && signal.seq() <= last.get()) {
				return Flux.<EventRecord>empty();
			}
			if (signal != CATCH_UP && signal.seq() == last.get() + 1) {
				return Flux.just(signal);
			}
			return catchUp(last.get());
		}).doOnNext((record) -> {
			if (record != ENDED) {
				last.set(record.seq());
			}
		})).takeWhile((record) -> record != ENDED).takeUntil(EventRecord::terminal);
	}

	/**
	 * Everything after {@code cursor}: from the running turn's window in memory when it
	 * holds all of it, else from the log.
	 */
	private Flux<EventRecord> catchUp(long cursor) {
		List<EventRecord> recent = (this.local != null) ? this.local.after(cursor) : null;
		if (recent != null) {
			return Flux.fromIterable(recent);
		}
		return readAll(cursor).switchIfEmpty(Flux.defer(() -> nothingAfter(cursor)));
	}

	/**
	 * Nothing is stored after {@code cursor}: wait for more while the turn runs; end at
	 * once when it has ended and the cursor is at (or past) its terminal event, which is
	 * logged in the same script that ends the turn.
	 */
	private Flux<EventRecord> nothingAfter(long cursor) {
		return this.store.info(this.sessionId, this.turnId)
			.switchIfEmpty(Mono.error(() -> new TurnNotFoundException(this.turnId)))
			.flatMapMany((turn) -> {
				if (turn.running()) {
					return Flux.empty();
				}
				if (cursor == turn.seq()) {
					return Flux.just(ENDED);
				}
				// The client saw events past the log's end: a failover lost them, and the
				// turn was ended (as interrupted) at a lower seq. It still gets the end.
				return (cursor > turn.seq()) ? this.store.readLast(this.sessionId, this.turnId) : readAll(cursor);
			});
	}

	/** Every stored event after {@code afterSeq}, page by page. */
	private Flux<EventRecord> readAll(long afterSeq) {
		return this.store.readAfter(this.sessionId, this.turnId, afterSeq)
			.collectList()
			.flatMapMany((page) -> (page.size() < TurnStore.PAGE) ? Flux.fromIterable(page)
					: Flux.fromIterable(page).concatWith(Flux.defer(() -> readAll(page.get(page.size() - 1).seq()))));
	}

}
