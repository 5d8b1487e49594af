package dev.agentserve.approval;

import java.time.Instant;

import dev.agentserve.model.ToolCall;
import reactor.core.publisher.Mono;

/**
 * Where the agent loop waits for the session owner's decision on a tool call that needs
 * approval (decisions may arrive on any replica).
 */
public interface ApprovalGate {

	/**
	 * Records the call as pending and waits for the decision, or
	 * {@link ApprovalDecision#expired()} when none came before {@code expiresAt}. Never
	 * errors. Cancelling the wait (the turn ended) settles the call, so a late decision
	 * is refused.
	 */
	Mono<ApprovalDecision> await(String sessionId, String turnId, ToolCall call, Instant expiresAt);

}
