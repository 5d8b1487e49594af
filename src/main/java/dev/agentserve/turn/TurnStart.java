package dev.agentserve.turn;

/** What {@link TurnStore#start} writes for a new turn. */
record TurnStart(String sessionId, String userId, String turnId, String agentType, String userMessageJson,
		String firstEventJson, long nowMillis, long turnTtlMillis, String idempotencyKey) {
}
