package dev.agentserve.approval;

import java.time.Instant;

import dev.agentserve.model.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the agent loop waits for the result of a tool the client runs (an AG-UI
 * client-side tool): like an approval, the call is recorded with the turn and the answer
 * may arrive on any replica.
 */
public interface ClientToolGate {

	/** For a loop without clients that run tools: every call gets an error result. */
	ClientToolGate NONE = new ClientToolGate() {

		@Override
		public Mono<ClientToolResult> await(String sessionId, String turnId, ToolCall call, Instant expiresAt) {
			return Mono.just(new ClientToolResult(null, "No client runs " + call.name()));
		}

		@Override
		public Mono<Void> answer(String sessionId, String userId, String turnId, String callId, String content,
				boolean error) {
			return Mono.error(new ApprovalException(ApprovalException.Reason.UNKNOWN, "No client tools here"));
		}

	};

	/**
	 * Records the call as waiting for the client and waits for its result until
	 * {@code expiresAt}. Never errors: no answer in time is an error result.
	 */
	Mono<ClientToolResult> await(String sessionId, String turnId, ToolCall call, Instant expiresAt);

	/**
	 * The session owner's result of a waiting call. Fails with {@link ApprovalException}:
	 * {@code UNKNOWN} when the call does not wait in the caller's turn, {@code DECIDED}
	 * when it was answered, expired, or the turn ended.
	 */
	Mono<Void> answer(String sessionId, String userId, String turnId, String callId, String content, boolean error);

	/** What the client's tool returned. */
	record ClientToolResult(@Nullable String content, @Nullable String error) {
	}

}
