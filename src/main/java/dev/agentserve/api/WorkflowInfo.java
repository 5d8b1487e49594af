package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.agent.WorkflowSpec;

/**
 * A configured workflow as {@code GET /agents} shows it: used like an agent type.
 * {@code validator} and {@code synthesizer} are absent when it has none.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record WorkflowInfo(String name, String description, String planner, List<String> workers, String validator,
		String synthesizer, int maxAttempts) {

	static List<WorkflowInfo> of(Map<String, WorkflowSpec> workflows) {
		return workflows.entrySet()
			.stream()
			.map((entry) -> new WorkflowInfo(entry.getKey(), entry.getValue().description(), entry.getValue().planner(),
					entry.getValue().workers(), entry.getValue().validator(), entry.getValue().synthesizer(),
					entry.getValue().maxAttempts()))
			.toList();
	}

}
