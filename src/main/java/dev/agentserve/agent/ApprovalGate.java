package dev.agentserve.agent;

import java.time.Instant;

import dev.agentserve.model.ToolCall;
import reactor.core.publisher.Mono;

/**
 * Where the loop waits for the session owner's decision on a tool call that needs
 * approval. Implemented by the turn runtime (decisions may arrive on any replica).
 */
public interface ApprovalGate {

	/**
	 * The decision, or {@link ApprovalDecision#expired()} when none came before
	 * {@code expiresAt}.
	 */
	Mono<ApprovalDecision> await(AgentRun run, ToolCall call, Instant expiresAt);

}
