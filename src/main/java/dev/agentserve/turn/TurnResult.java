package dev.agentserve.turn;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A finished turn in one JSON answer, for {@code "stream": false}.
 *
 * @param status {@code done}, {@code error} or {@code cancelled}
 * @param thoughtProcess the model's reasoning, one entry per step that had any
 * @param cost what a {@code done} turn cost, as on its {@code done} event; absent when
 * its model has no price
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnResult(String turnId, String status, String response, List<String> thoughtProcess,
		List<ToolCallSummary> toolCalls, TokenUsage usage, TurnInfo.@Nullable TurnError error, @Nullable Cost cost) {

	/** One tool call and its outcome. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ToolCallSummary(String callId, String tool, JsonNode args, @Nullable JsonNode result,
			@Nullable String error, @Nullable Long durationMs) {
	}

}
