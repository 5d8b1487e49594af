package dev.agentserve.turn;

import java.util.List;

import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.Spending;
import dev.agentserve.model.Image;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.UserMessage;
import dev.agentserve.session.Session;

/**
 * A turn request that passed admission: the caller's session, its agent, the message, the
 * idempotency key ({@code ""} for none), what the turn may spend, the images attached to
 * the message (with their bytes) and the tools the client runs. Holds no resource yet.
 */
record Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey,
		Spending spending, List<Image> images, List<ToolDefinition> clientTools) {

	Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey, Spending spending) {
		this(session, spec, userId, message, idempotencyKey, spending, List.of(), List.of());
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
