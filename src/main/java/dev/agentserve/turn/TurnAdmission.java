package dev.agentserve.turn;

import java.util.List;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.model.Image;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.session.SessionService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides whether a turn may start, before anything is taken: the replica is not
 * draining, the message and idempotency key are valid, the session is the caller's, its
 * agent still exists, and neither its token budget nor a spending budget is used up
 * ({@link SpendingPolicy}). The limits on running turns are taken later, atomically with
 * the start ({@link TurnRunner}).
 */
@Component
class TurnAdmission {

	static final int MAX_IDEMPOTENCY_KEY = 255;

	private final SessionService sessions;

	private final AgentCatalog agents;

	private final TurnProperties properties;

	private volatile boolean draining;

	private final SpendingPolicy spending;

	private final ImageIntake images;

	TurnAdmission(SessionService sessions, AgentCatalog agents, TurnProperties properties, SpendingPolicy spending,
			ImageIntake images) {
		this.images = images;
		this.sessions = sessions;
		this.spending = spending;
		this.agents = agents;
		this.properties = properties;
	}

	/**
	 * What can be decided without Redis: the replica takes turns, the message and the
	 * idempotency key are valid, the attachments are acceptable images.
	 */
	Mono<List<Image>> check(String message, List<Attachment> attachments, @Nullable String idempotencyKey) {
		return Mono.fromCallable(() -> {
			if (this.draining) {
				throw new ShuttingDownException();
			}
			validate(message, idempotencyKey, !attachments.isEmpty());
			return this.images.accept(attachments);
		});
	}

	/**
	 * The rest, once {@link #check} passed: the session is the caller's, its agent
	 * exists, no budget is used up.
	 */
	Mono<Admitted> admitted(String sessionId, String userId, String message, List<Image> images,
			List<ToolDefinition> clientTools, @Nullable String idempotencyKey) {
		return Mono.<Void>empty().then(this.sessions.get(sessionId, userId)).flatMap((session) -> {
			AgentSpec spec = this.agents.require(session.agentType());
			if (spec.tokenBudget() > 0 && session.tokensUsed() >= spec.tokenBudget()) {
				throw new BudgetExhaustedException(session.id(), spec.tokenBudget());
			}
			return this.spending.admit(session, spec, userId)
				.map((spending) -> new Admitted(session, spec, userId, message,
						(idempotencyKey != null) ? idempotencyKey : "", spending, images, clientTools));
		});
	}

	void draining(boolean draining) {
		this.draining = draining;
	}

	private void validate(String message, @Nullable String idempotencyKey, boolean withAttachments) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
			throw new InvalidMessageException("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters",
					false);
		}
		if (message.isBlank() && !withAttachments) {
			throw new InvalidMessageException("message must not be blank", false);
		}
		if (message.length() > this.properties.maxMessageLength()) {
			throw new InvalidMessageException("message has " + message.length() + " characters; the limit is "
					+ this.properties.maxMessageLength() + " (agentserve.turns.max-message-length)", true);
		}
	}

}
