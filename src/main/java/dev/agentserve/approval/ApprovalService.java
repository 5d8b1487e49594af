package dev.agentserve.approval;

import java.time.Clock;

import dev.agentserve.session.SessionIds;
import dev.agentserve.session.SessionService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The session owner's decisions on tool calls waiting for approval, from any replica and
 * any transport (REST, WebSocket).
 */
@Service
public class ApprovalService {

	private static final Logger audit = LoggerFactory.getLogger("dev.agentserve.audit.approval");

	private final SessionService sessions;

	private final ApprovalStore store;

	private final Clock clock;

	ApprovalService(SessionService sessions, ApprovalStore store, Clock clock) {
		this.sessions = sessions;
		this.store = store;
		this.clock = clock;
	}

	/**
	 * Approves, rejects or edits (runs with {@code args} instead) a pending call. The
	 * first decision wins; each is kept with the turn (who, when, what) and written to
	 * the audit log. Fails with {@link ApprovalException}: {@code INVALID} for a bad
	 * decision, {@code UNKNOWN} for a turn or call that is not the caller's or not there,
	 * {@code DECIDED} when the call was settled or the turn no longer runs.
	 */
	public Mono<Void> decide(String sessionId, String userId, String turnId, String callId, String decision,
			@Nullable JsonNode args) {
		ApprovalDecision.Kind kind = switch (decision) {
			case "approve" -> ApprovalDecision.Kind.APPROVE;
			case "reject" -> ApprovalDecision.Kind.REJECT;
			case "edit" -> ApprovalDecision.Kind.EDIT;
			default -> null;
		};
		if (kind == null) {
			return Mono.error(new ApprovalException(ApprovalException.Reason.INVALID,
					"decision must be approve, reject or edit, got '" + decision + "'"));
		}
		if (kind == ApprovalDecision.Kind.EDIT && (args == null || !args.isObject())) {
			return Mono.error(new ApprovalException(ApprovalException.Reason.INVALID,
					"an edit needs args: the JSON object to run the tool with"));
		}
		return this.sessions.get(sessionId, userId)
			.then(SessionIds.isWellFormed(turnId) ? this.store.turnUser(sessionId, turnId) : Mono.empty())
			.filter(userId::equals)
			.switchIfEmpty(Mono.error(() -> new ApprovalException(ApprovalException.Reason.UNKNOWN,
					"No turn " + turnId + " in this session")))
			.flatMap((owner) -> this.store.decide(sessionId, turnId, callId,
					this.store.entries().decision(kind, args, userId, this.clock.instant()),
					this.store.entries().settled(ApprovalEntries.CANCELLED, "the turn ended", this.clock.instant())))
			.flatMap((result) -> switch (result) {
				case "ok" -> {
					audit.info("approval_decision user={} session={} turn={} callId={} decision={}", userId, sessionId,
							turnId, callId, decision);
					yield Mono.<Void>empty();
				}
				case "decided" -> Mono.error(new ApprovalException(ApprovalException.Reason.DECIDED,
						"The call " + callId + " was already decided, expired or cancelled"));
				case "ended" -> Mono.error(new ApprovalException(ApprovalException.Reason.DECIDED,
						"The turn " + turnId + " is no longer running"));
				default -> Mono.error(new ApprovalException(ApprovalException.Reason.UNKNOWN,
						"No call " + callId + " waits for approval in this turn"));
			});
	}

}
