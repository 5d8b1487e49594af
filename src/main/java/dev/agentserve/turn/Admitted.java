package dev.agentserve.turn;

import dev.agentserve.agent.AgentSpec;
import dev.agentserve.session.Session;

/**
 * A turn request that passed admission: the caller's session, its agent, the message and
 * the idempotency key ({@code ""} for none). Holds no resource yet.
 */
record Admitted(Session session, AgentSpec spec, String userId, String message, String idempotencyKey) {
}
