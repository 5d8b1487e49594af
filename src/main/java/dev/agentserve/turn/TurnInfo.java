package dev.agentserve.turn;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.event.Cost;
import dev.agentserve.agent.RunInfo;
import dev.agentserve.agent.TurnStep;
import dev.agentserve.event.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A turn's status, steps, timings and usage, for {@code GET
 * /sessions/{id}/turns/{turnId}}; {@code cost} once it has ended, when its model has a
 * price.
 *
 * @param steps its model rounds and tool calls, written when the turn ends: empty while
 * it runs
 * @param traceId the trace id of the turn's span (and of the request that started it), as
 * in the log lines; known once the turn has ended, absent without tracing
 * @param runs the tree of child runs (sub-agents, workflow tasks) with their usage, which
 * the turn's {@code usage} includes; written when the turn ends, absent without any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnInfo(String turnId, String sessionId, String agentType, String status, Instant startedAt,
		@Nullable Instant endedAt, @Nullable Long durationMs, List<TurnStep> steps, TokenUsage usage, long lastSeq,
		@Nullable TurnError error, @Nullable Cost cost, @Nullable String traceId, @Nullable List<RunInfo> runs) {

	/** Why a turn failed. */
	public record TurnError(String code, String message) {
	}

	/** Whether the turn has not ended yet. */
	@JsonIgnore
	public boolean running() {
		return TurnRecord.RUNNING.equals(this.status);
	}

	static TurnInfo of(String sessionId, String turnId, TurnRecord turn) {
		return new TurnInfo(turnId, sessionId, turn.agentType(), turn.status(), Instant.ofEpochMilli(turn.startedAt()),
				(turn.endedAt() != null) ? Instant.ofEpochMilli(turn.endedAt()) : null, turn.durationMs(), turn.trace(),
				turn.usage(), turn.seq(),
				(turn.errorCode() != null) ? new TurnError(turn.errorCode(), turn.errorMessage()) : null, turn.cost(),
				turn.traceId(), turn.runs().isEmpty() ? null : turn.runs());
	}

}
