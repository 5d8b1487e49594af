package dev.agentserve.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * How a running turn learns it was cancelled: at once when the cancel arrives on this
 * replica ({@link #cancelLocally}), and within {@code cancel-poll} when it arrives on
 * another one, which leaves only the durable flag in Redis. One poll for all the turns
 * running here, an {@code MGET} of their flags per tick (in chunks), rather than a
 * {@code GET} per turn per tick: at 2,000 live streams that was 4,000 commands a second
 * and a thread hop for each.
 */
@Component
class CancelWatch implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

	/** Flags read per {@code MGET}. */
	static final int CHUNK = 500;

	private final LeaseStore store;

	private final TurnProperties properties;

	private final Map<String, Watched> turns = new ConcurrentHashMap<>();

	private volatile @Nullable Disposable polling;

	CancelWatch(LeaseStore store, TurnProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/**
	 * Watches a turn that starts here; the answer emits the cancel's reason when the turn
	 * is cancelled, from here or elsewhere. {@link #forget} ends the watch.
	 */
	Mono<String> watch(String sessionId, String turnId) {
		Watched watched = new Watched(sessionId, Sinks.one());
		this.turns.put(turnId, watched);
		return watched.cancel().asMono();
	}

	/** Cancels a turn when it runs here; false when it does not. */
	boolean cancelLocally(String turnId) {
		Watched watched = this.turns.get(turnId);
		return watched != null && watched.cancel().tryEmitValue(TurnRunner.CANCELLED_BY_REQUEST).isSuccess();
	}

	void forget(String turnId) {
		this.turns.remove(turnId);
	}

	/** One look at the flags of every turn running here. */
	Mono<Void> poll() {
		if (this.turns.isEmpty()) {
			return Mono.empty();
		}
		List<Map.Entry<String, Watched>> running = new ArrayList<>(this.turns.entrySet());
		return Flux.range(0, (running.size() + CHUNK - 1) / CHUNK)
			.concatMap((chunk) -> poll(running.subList(chunk * CHUNK, Math.min(running.size(), (chunk + 1) * CHUNK))))
			.then();
	}

	private Mono<Void> poll(List<Map.Entry<String, Watched>> chunk) {
		List<String> sessionIds = new ArrayList<>(chunk.size());
		for (Map.Entry<String, Watched> turn : chunk) {
			sessionIds.add(turn.getValue().sessionId());
		}
		return this.store.cancelFlags(sessionIds).doOnNext((flags) -> {
			for (int i = 0; i < flags.size(); i++) {
				Map.Entry<String, Watched> turn = chunk.get(i);
				if (turn.getKey().equals(flags.get(i))) {
					turn.getValue().cancel().tryEmitValue(TurnRunner.CANCELLED_BY_REQUEST);
				}
			}
		}).then();
	}

	/**
	 * Polls every {@code cancel-poll}. A failed poll is only a missed look; a stalled
	 * Redis drops ticks rather than piling polls up.
	 */
	@Override
	public void start() {
		this.polling = Flux.interval(this.properties.cancelPoll())
			.onBackpressureDrop()
			.concatMap((tick) -> poll().onErrorResume((ex) -> {
				log.debug("A look at the cancel flags failed; the next tick looks again", ex);
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.polling;
		if (running != null) {
			running.dispose();
		}
		this.polling = null;
	}

	@Override
	public boolean isRunning() {
		return this.polling != null;
	}

	/**
	 * Stops after the turns drained ({@link TurnDrain}): a draining turn can still be
	 * cancelled.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private record Watched(String sessionId, Sinks.One<String> cancel) {
	}

}
