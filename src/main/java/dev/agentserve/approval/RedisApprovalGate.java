package dev.agentserve.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.agentserve.model.ToolCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Approvals through Redis, so the owner can decide on any replica: the call is recorded
 * as pending in the turn's approvals hash, which is read every {@link #POLL} after the
 * previous read completed (a stalled Redis delays the next read rather than piling reads
 * up; a failed read is retried at the next poll). At expiry the call is settled as
 * {@code expired} and, when the wait is cancelled because the turn ended, as
 * {@code cancelled}; either way through the first-wins script, so a decision that arrived
 * just before still wins, and one that arrives later is refused.
 */
@Component
class RedisApprovalGate implements ApprovalGate {

	private static final Logger log = LoggerFactory.getLogger(RedisApprovalGate.class);

	static final Duration POLL = Duration.ofMillis(250);

	private static final Retry WRITE_RETRY = Retry.backoff(3, Duration.ofMillis(100));

	private final ApprovalStore store;

	private final Clock clock;

	RedisApprovalGate(ApprovalStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public Mono<ApprovalDecision> await(String sessionId, String turnId, ToolCall call, Instant expiresAt) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			Duration wait = Duration.between(now, expiresAt);
			Mono<ApprovalDecision> decision = poll(sessionId, turnId, call.id())
				.timeout(wait.isNegative() ? Duration.ZERO : wait, Mono.defer(() -> expire(sessionId, turnId, call)));
			return this.store.putPending(sessionId, turnId, call, expiresAt, now)
				.retryWhen(WRITE_RETRY)
				.then(decision)
				.onErrorResume((ex) -> {
					log.warn("Could not record the approval of call {} of turn {}; it counts as expired", call.id(),
							turnId, ex);
					return Mono.just(ApprovalDecision.expired());
				})
				.doOnCancel(() -> settle(sessionId, turnId, call, ApprovalEntries.CANCELLED, "the turn ended")
					.subscribe(null, (ex) -> log.warn("Could not settle the approval of call {} of turn {}", call.id(),
							turnId, ex)));
		});
	}

	private Mono<ApprovalDecision> poll(String sessionId, String turnId, String callId) {
		return Mono.defer(() -> this.store.decision(sessionId, turnId, callId)).onErrorResume((ex) -> {
			log.debug("Reading the approval of call {} failed; trying again", callId, ex);
			return Mono.empty();
		}).repeatWhenEmpty((emptyReads) -> emptyReads.concatMap((read) -> Mono.delay(POLL)));
	}

	/**
	 * At expiry: settle it as expired unless a decision just arrived, which then wins.
	 */
	private Mono<ApprovalDecision> expire(String sessionId, String turnId, ToolCall call) {
		return settle(sessionId, turnId, call, ApprovalEntries.EXPIRED, "no decision before it expired")
			.flatMap((result) -> "decided".equals(result)
					? this.store.decision(sessionId, turnId, call.id()).defaultIfEmpty(ApprovalDecision.expired())
					: Mono.just(ApprovalDecision.expired()))
			.onErrorReturn(ApprovalDecision.expired());
	}

	private Mono<String> settle(String sessionId, String turnId, ToolCall call, String status, String reason) {
		return Mono
			.defer(() -> this.store.settle(sessionId, turnId, call.id(),
					this.store.entries().settled(status, reason, this.clock.instant())))
			.retryWhen(WRITE_RETRY);
	}

}
