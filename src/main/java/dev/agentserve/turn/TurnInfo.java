package dev.agentserve.turn;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.event.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A turn's status, steps, timings and usage, for {@code GET
 * /sessions/{id}/turns/{turnId}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnInfo(String turnId, String sessionId, String agentType, String status, Instant startedAt,
		@Nullable Instant endedAt, @Nullable Long durationMs, int steps, TokenUsage usage, long lastSeq,
		@Nullable TurnError error) {

	/** Why a turn failed. */
	public record TurnError(String code, String message) {
	}

	static TurnInfo of(String sessionId, String turnId, Map<String, String> hash) {
		String code = hash.get("errorCode");
		return new TurnInfo(turnId, sessionId, hash.getOrDefault("agentType", ""), hash.getOrDefault("status", ""),
				Instant.ofEpochMilli(number(hash, "startedAt")),
				hash.containsKey("endedAt") ? Instant.ofEpochMilli(number(hash, "endedAt")) : null,
				hash.containsKey("durationMs") ? number(hash, "durationMs") : null, (int) number(hash, "steps"),
				new TokenUsage(number(hash, "inputTokens"), number(hash, "outputTokens"),
						number(hash, "reasoningTokens")),
				number(hash, "seq"),
				(code != null) ? new TurnError(code, hash.getOrDefault("errorMessage", "")) : null);
	}

	private static long number(Map<String, String> hash, String field) {
		String value = hash.get(field);
		return (value != null) ? (long) Double.parseDouble(value) : 0;
	}

}
