package dev.agentserve.approval;

import java.time.Clock;
import java.time.Instant;

import dev.agentserve.model.ToolCall;
import dev.agentserve.session.SessionIds;
import dev.agentserve.session.SessionService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client tool results through the turn's approvals hash, under the field
 * {@code client:<callId>}: a result is recorded as an edit whose arguments are
 * {@code {content, error}}, so it gets the same first-wins settling, expiry and
 * end-of-turn refusal as an approval, and the approvals API cannot mistake it for one.
 */
@Component
class RedisClientToolGate implements ClientToolGate {

	static final String FIELD_PREFIX = "client:";

	private final ApprovalGate approvals;

	private final ApprovalStore store;

	private final SessionService sessions;

	private final JsonMapper json;

	private final Clock clock;

	RedisClientToolGate(ApprovalGate approvals, ApprovalStore store, SessionService sessions, JsonMapper json,
			Clock clock) {
		this.approvals = approvals;
		this.store = store;
		this.sessions = sessions;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public Mono<ClientToolResult> await(String sessionId, String turnId, ToolCall call, Instant expiresAt) {
		ToolCall waiting = new ToolCall(FIELD_PREFIX + call.id(), call.name(), call.arguments());
		return this.approvals.await(sessionId, turnId, waiting, expiresAt).map((decision) -> {
			if (decision.kind() == ApprovalDecision.Kind.EDIT && decision.args() != null) {
				String content = decision.args().path("content").asString("");
				return decision.args().path("error").asBoolean(false) ? new ClientToolResult(null, content)
						: new ClientToolResult(content, null);
			}
			return new ClientToolResult(null,
					"The client did not return a result of " + call.name() + " before it expired");
		});
	}

	@Override
	public Mono<Void> answer(String sessionId, String userId, String turnId, String callId, String content,
			boolean error) {
		ObjectNode result = this.json.createObjectNode().put("content", content).put("error", error);
		Instant now = this.clock.instant();
		return this.sessions.get(sessionId, userId)
			.then(SessionIds.isWellFormed(turnId) ? this.store.turnUser(sessionId, turnId) : Mono.empty())
			.filter(userId::equals)
			.switchIfEmpty(Mono.error(() -> new ApprovalException(ApprovalException.Reason.UNKNOWN,
					"No turn " + turnId + " in this session")))
			.flatMap((owner) -> this.store.decide(sessionId, turnId, FIELD_PREFIX + callId,
					this.store.entries().decision(ApprovalDecision.Kind.EDIT, result, userId, now),
					this.store.entries().settled(ApprovalEntries.CANCELLED, "the turn ended", now)))
			.flatMap((answer) -> switch (answer) {
				case "ok" -> Mono.<Void>empty();
				case "decided", "ended" -> Mono.error(new ApprovalException(ApprovalException.Reason.DECIDED,
						"The call " + callId + " was already answered, expired, or its turn ended"));
				default -> Mono.error(new ApprovalException(ApprovalException.Reason.UNKNOWN,
						"No call " + callId + " waits for the client in this turn"));
			});
	}

}
