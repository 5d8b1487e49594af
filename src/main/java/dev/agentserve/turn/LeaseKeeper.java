package dev.agentserve.turn;

import java.time.Clock;
import java.time.Duration;

import dev.agentserve.persistence.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Renews a running turn's lease every third of its length and keeps the turn's entry in
 * the running indexes fresh, on the control connection ({@link LeaseStore}) so renewals
 * never queue behind the data path. A renewal that fails for a moment (timeout, lost
 * connection, failover) is retried; the turn is given up only when Redis says the lease
 * belongs to someone else, or when no renewal succeeded for a whole lease (by then it may
 * have expired and another replica may reap it).
 */
final class LeaseKeeper {

	private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(1);

	private final LeaseStore store;

	private final TurnProperties properties;

	private final Clock clock;

	private final String sessionId;

	private final String turnId;

	private final String userId;

	private final String token;

	private volatile long renewedAt;

	LeaseKeeper(LeaseStore store, TurnProperties properties, Clock clock, String sessionId, String turnId,
			String userId, String token) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.sessionId = sessionId;
		this.turnId = turnId;
		this.userId = userId;
		this.token = token;
		this.renewedAt = clock.millis();
	}

	/** Completes when the lease is lost. */
	Mono<Void> lost() {
		return Flux.interval(this.properties.lease().dividedBy(3))
			.onBackpressureDrop()
			.concatMap((tick) -> renew(), 1)
			.filter((held) -> !held)
			.next()
			.then();
	}

	private Mono<Boolean> renew() {
		Duration left = Duration.ofMillis(this.renewedAt + this.properties.lease().toMillis() - this.clock.millis());
		if (left.isNegative() || left.isZero()) {
			return Mono.just(false);
		}
		return this.store.renew(this.sessionId, this.token)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY)
				.maxBackoff(MAX_RETRY)
				.filter(RedisFailures::isUnavailable))
			.timeout(left, Mono.just(false))
			.flatMap((held) -> {
				if (!held) {
					return Mono.just(false);
				}
				this.renewedAt = this.clock.millis();
				return this.store
					.refreshRunning(this.sessionId, this.turnId, this.userId,
							this.renewedAt + this.properties.lease().toMillis())
					.onErrorResume((ex) -> Mono.empty())
					.thenReturn(true);
			})
			.onErrorResume((ex) -> {
				log.warn("Renewing the lease of turn {} failed: {}", this.turnId, ex.toString());
				return Mono.just(true);
			});
	}

}
