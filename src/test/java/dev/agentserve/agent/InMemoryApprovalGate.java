package dev.agentserve.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.agentserve.approval.ApprovalDecision;
import dev.agentserve.approval.ApprovalGate;
import dev.agentserve.model.ToolCall;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An approval gate in memory: tests decide through {@link #decide}; unanswered calls
 * expire at their {@code expiresAt} on the given clock's scheduler.
 */
final class InMemoryApprovalGate implements ApprovalGate {

	/** One waiting call as the loop asked for it. */
	record Waiting(String turnId, String callId, Instant expiresAt) {
	}

	private final Clock clock;

	private final Map<String, Sinks.One<ApprovalDecision>> pending = new ConcurrentHashMap<>();

	final List<Waiting> waits = new CopyOnWriteArrayList<>();

	final List<String> cancelled = new CopyOnWriteArrayList<>();

	InMemoryApprovalGate(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<ApprovalDecision> await(String sessionId, String turnId, ToolCall call, Instant expiresAt) {
		return Mono.defer(() -> {
			this.waits.add(new Waiting(turnId, call.id(), expiresAt));
			Sinks.One<ApprovalDecision> decision = this.pending.computeIfAbsent(turnId + "/" + call.id(),
					(key) -> Sinks.one());
			return decision.asMono()
				.timeout(Duration.between(this.clock.instant(), expiresAt),
						Mono.fromSupplier(ApprovalDecision::expired))
				.doOnCancel(() -> this.cancelled.add(turnId + "/" + call.id()));
		});
	}

	void decide(String turnId, String callId, ApprovalDecision decision) {
		this.pending.computeIfAbsent(turnId + "/" + callId, (key) -> Sinks.one()).tryEmitValue(decision);
	}

}
