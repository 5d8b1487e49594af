package dev.agentserve.turn;

/**
 * What {@link TurnStore#start} writes for a new turn; {@code deadlineMillis} is the last
 * moment (on Redis's clock) the start may still take effect, 0 for none.
 */
record TurnStart(String sessionId, String userId, String turnId, String agentType, String userMessageJson,
		String firstEventBody, long nowMillis, long turnTtlMillis, String idempotencyKey, long deadlineMillis) {
}
