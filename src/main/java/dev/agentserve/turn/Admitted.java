package dev.agentserve.turn;

import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.Spending;
import dev.agentserve.session.Session;

/**
 * A turn request that passed admission: the caller's session, its agent, the message, the
 * idempotency key ({@code ""} for none) and what the turn may spend. Holds no resource
 * yet.
 */
record Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey,
		Spending spending) {
}
