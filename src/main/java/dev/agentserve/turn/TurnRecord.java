package dev.agentserve.turn;

import java.util.Map;

import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A turn's hash in Redis, typed: the one codec of that stored shape (written by the Lua
 * scripts, read here).
 */
record TurnRecord(String status, long seq, String user, String agentType, long startedAt, @Nullable Long endedAt,
		@Nullable Long durationMs, int steps, TokenUsage usage, @Nullable String errorCode, String errorMessage,
		@Nullable Cost cost) {

	static final String RUNNING = "running";

	boolean running() {
		return RUNNING.equals(this.status);
	}

	static TurnRecord decode(Map<String, String> hash) {
		return new TurnRecord(hash.getOrDefault("status", ""), number(hash, "seq"), hash.getOrDefault("user", ""),
				hash.getOrDefault("agentType", ""), number(hash, "startedAt"),
				hash.containsKey("endedAt") ? number(hash, "endedAt") : null,
				hash.containsKey("durationMs") ? number(hash, "durationMs") : null, (int) number(hash, "steps"),
				new TokenUsage(number(hash, "inputTokens"), number(hash, "outputTokens"),
						number(hash, "reasoningTokens")),
				hash.get("errorCode"), hash.getOrDefault("errorMessage", ""), cost(hash));
	}

	/** The ended turn's cost ({@code costNanos}, {@code currency} of its outcome). */
	private static @Nullable Cost cost(Map<String, String> hash) {
		String nanos = hash.get("costNanos");
		String currency = hash.get("currency");
		return (nanos != null && currency != null) ? Cost.ofNanos(Long.parseLong(nanos), currency) : null;
	}

	private static long number(Map<String, String> hash, String field) {
		String value = hash.get(field);
		return (value != null) ? (long) Double.parseDouble(value) : 0;
	}

}
