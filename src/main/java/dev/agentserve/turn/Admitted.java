package dev.agentserve.turn;

import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.Spending;
import dev.agentserve.session.Session;
import java.util.List;

import dev.agentserve.model.Image;
import dev.agentserve.model.UserMessage;

/**
 * A turn request that passed admission: the caller's session, its agent, the message, the
 * idempotency key ({@code ""} for none) and what the turn may spend. Holds no resource
 * yet.
 */
record Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey,
		Spending spending, List<Image> images) {

	Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey, Spending spending) {
		this(session, spec, userId, message, idempotencyKey, spending, List.of());
	}

	/** The user's message as the history keeps it: images as references. */
	UserMessage stored() {
		return new UserMessage(this.message, this.images.stream().map(Image::reference).toList());
	}

	/** The user's message as this turn's model rounds see it: images with their bytes. */
	UserMessage live() {
		return new UserMessage(this.message, this.images);
	}

}
