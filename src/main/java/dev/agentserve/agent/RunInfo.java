package dev.agentserve.agent;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.event.TokenUsage;

/**
 * One child run of a turn (a sub-agent's delegation or a workflow's task), as the turn's
 * info shows the tree of runs.
 *
 * @param agent the run's path, e.g. {@code assistant/researcher}, as its events carry it
 * @param parentCallId the call (or workflow task) that started it
 * @param status {@code done}, {@code error}, {@code timeout} or {@code cancelled}
 * @param steps the model rounds it started
 * @param usage the tokens it and its own children used (counted in the turn's usage too)
 * @param children the runs it started, in the order they ended
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunInfo(String agent, String parentCallId, String status, int steps, TokenUsage usage, long durationMs,
		List<RunInfo> children) {

	public RunInfo {
		Objects.requireNonNull(agent, "agent");
		Objects.requireNonNull(parentCallId, "parentCallId");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(usage, "usage");
		children = (children != null) ? List.copyOf(children) : List.of();
	}

}
