package dev.agentserve.agent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a turn's trace for its user ({@code steps[]} of the turn info): a model
 * round or a tool call, recorded by the loop as it ends. The JSON carries
 * {@code type: model | tool}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = TurnStep.Model.class, name = "model"),
		@JsonSubTypes.Type(value = TurnStep.Tool.class, name = "tool") })
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface TurnStep {

	/** The model round (step) this entry belongs to. */
	int step();

	/**
	 * A model round.
	 *
	 * @param firstTokenMs from the request to the first streamed event; null when none
	 * came
	 * @param finishReason the provider's ({@code stop}, {@code tool_calls},
	 * {@code length}, ...), or {@code error} or {@code cancelled}
	 */
	record Model(int step, Instant startedAt, @Nullable Long firstTokenMs, long durationMs, long inputTokens,
			long outputTokens, long reasoningTokens, String finishReason) implements TurnStep {

		public Model {
			// Milliseconds, as every other time of the API (and fewer bytes per turn).
			startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
			Objects.requireNonNull(finishReason, "finishReason");
		}

	}

	/**
	 * A tool call.
	 *
	 * @param outcome {@code ok} or why not (see {@code ToolOutcome})
	 * @param attempts the times the tool ran, retries included; 0 when it never ran
	 */
	record Tool(int step, String callId, String tool, Instant startedAt, long durationMs, String outcome,
			int attempts) implements TurnStep {

		public Tool {
			Objects.requireNonNull(callId, "callId");
			Objects.requireNonNull(tool, "tool");
			startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
			Objects.requireNonNull(outcome, "outcome");
		}

	}

}
