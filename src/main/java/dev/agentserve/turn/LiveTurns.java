package dev.agentserve.turn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The turns running on this replica, by turn id, for followers fed from memory. */
@Component
class LiveTurns {

	private final Map<String, LiveTurn> turns = new ConcurrentHashMap<>();

	LiveTurn open(String sessionId, String turnId, String userId) {
		LiveTurn turn = new LiveTurn(sessionId, userId);
		this.turns.put(turnId, turn);
		return turn;
	}

	@Nullable LiveTurn get(String turnId) {
		return this.turns.get(turnId);
	}

	void close(String turnId) {
		LiveTurn turn = this.turns.remove(turnId);
		if (turn != null) {
			turn.close();
		}
	}

}
