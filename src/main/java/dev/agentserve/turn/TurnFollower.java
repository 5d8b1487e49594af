package dev.agentserve.turn;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;

/**
 * Follows one turn's log for one client: what is stored after the client's cursor, then
 * each live notice. A notice that skips ahead (one was lost or dropped for a slow
 * client), and every poll tick, re-read the Stream from the cursor, so a lost notice
 * costs latency, never an event, and nothing is sent twice. Ends after the terminal
 * event, or with {@link TurnNotFoundException} when the turn's keys are gone (its session
 * was deleted).
 */
final class TurnFollower {

	/** A wake-up that is no live event: re-read the log. */
	private static final EventRecord CATCH_UP = new EventRecord(-1, "", "");

	private final TurnStore store;

	private final String sessionId;

	private final String turnId;

	TurnFollower(TurnStore store, String sessionId, String turnId) {
		this.store = store;
		this.sessionId = sessionId;
		this.turnId = turnId;
	}

	Flux<EventRecord> follow(long afterSeq, Flux<EventRecord> live, Duration poll) {
		AtomicLong last = new AtomicLong(afterSeq);
		Flux<EventRecord> wakeUps = Flux.merge(Flux.just(CATCH_UP), live.onBackpressureDrop(),
				Flux.interval(poll).map((tick) -> CATCH_UP));
		return wakeUps.concatMap((signal) -> Flux.defer(() -> {
			if (signal != CATCH_UP && signal.seq() <= last.get()) {
				return Flux.<EventRecord>empty();
			}
			if (signal != CATCH_UP && signal.seq() == last.get() + 1) {
				return Flux.just(signal);
			}
			return readAll(last.get()).switchIfEmpty(this.store.info(this.sessionId, this.turnId)
				.hasElement()
				.flatMapMany((exists) -> exists ? Flux.<EventRecord>empty()
						: Flux.error(new TurnNotFoundException(this.turnId))));
		}).doOnNext((record) -> last.set(record.seq()))).takeUntil(EventRecord::terminal);
	}

	/** Every stored event after {@code afterSeq}, page by page. */
	private Flux<EventRecord> readAll(long afterSeq) {
		return this.store.readAfter(this.sessionId, this.turnId, afterSeq)
			.collectList()
			.flatMapMany((page) -> (page.size() < TurnStore.PAGE) ? Flux.fromIterable(page)
					: Flux.fromIterable(page).concatWith(Flux.defer(() -> readAll(page.get(page.size() - 1).seq()))));
	}

}
