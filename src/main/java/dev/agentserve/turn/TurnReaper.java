package dev.agentserve.turn;

import java.time.Clock;

import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TurnEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends turns whose owner died. Every replica looks, every {@code reap-interval}, for
 * running turns whose lease expired without renewal, and appends
 * {@code error{code:interrupted}} so every follower gets a terminal event. The append is
 * a script that checks the lease is gone, the turn still runs and nothing was appended
 * since, so two replicas reaping at once end it once.
 */
@Component
class TurnReaper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TurnReaper.class);

	static final String MESSAGE = "The replica running this turn stopped before it finished";

	private static final int BATCH = 50;

	private final TurnStore store;

	private final EventCodec codec;

	private final TurnProperties properties;

	private final Clock clock;

	private volatile Disposable running;

	TurnReaper(TurnStore store, EventCodec codec, TurnProperties properties, Clock clock) {
		this.store = store;
		this.codec = codec;
		this.properties = properties;
		this.clock = clock;
	}

	/** One pass: interrupts every overdue turn; emits how many it ended. */
	Mono<Long> reap() {
		return this.store.overdue(this.clock.millis(), BATCH)
			.concatMap((member) -> interrupt(member[0], member[1]))
			.filter((ended) -> ended)
			.count();
	}

	private Mono<Boolean> interrupt(String sessionId, String turnId) {
		return this.store.info(sessionId, turnId).flatMap((turn) -> {
			if (!turn.running()) {
				return this.store.releaseRunning(sessionId, turnId, turn.user()).thenReturn(false);
			}
			long lastSeq = turn.seq();
			long now = this.clock.millis();
			String body = this.codec.body(new TurnEvent.Failed(ErrorCodes.INTERRUPTED, MESSAGE));
			return this.store.interrupt(sessionId, turnId, lastSeq, body, MESSAGE, now).flatMap((ended) -> {
				if (ended) {
					log.warn("Turn {} of session {} lost its owner; ended it as interrupted", turnId, sessionId);
					return this.store.releaseRunning(sessionId, turnId, turn.user()).thenReturn(true);
				}
				return Mono.just(false);
			});
		}).switchIfEmpty(Mono.defer(() -> this.store.releaseRunning(sessionId, turnId, "").thenReturn(false)));
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.properties.reapInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> reap().onErrorResume((ex) -> {
				log.debug("Looking for interrupted turns failed", ex);
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
