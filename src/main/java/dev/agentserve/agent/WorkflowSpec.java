package dev.agentserve.agent;

import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A planner/worker workflow, {@code agentserve.workflows.<name>.*}, used like an agent
 * type (DESIGN.md §13). Each role names a configured agent type.
 *
 * @param description what the workflow is for
 * @param planner the agent that breaks the message down into a plan of tasks (JSON,
 * checked against a schema; one repair round when it is invalid); the workflow's turn
 * uses this agent's limits (turn timeout, budgets, context)
 * @param workers the agents a plan may give tasks to
 * @param validator an agent that checks each task's result and may reject it (an answer
 * starting with {@code REJECT}); empty: none
 * @param synthesizer an agent that writes the final answer from the task results; empty:
 * the answer lists the results
 * @param maxAttempts attempts of a task whose result the validator rejects or whose run
 * fails
 * @param maxTasks the most tasks a plan may hold
 */
public record WorkflowSpec(@DefaultValue("") String description, String planner, List<String> workers,
		@DefaultValue("") String validator, @DefaultValue("") String synthesizer, @DefaultValue("2") int maxAttempts,
		@DefaultValue("8") int maxTasks) {

	public WorkflowSpec {
		if (planner == null || planner.isBlank()) {
			throw new IllegalArgumentException("A workflow needs a planner agent");
		}
		if (workers == null || workers.isEmpty()) {
			throw new IllegalArgumentException("A workflow needs at least one worker agent");
		}
		workers = List.copyOf(workers);
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts must be at least 1");
		}
		if (maxTasks < 1) {
			throw new IllegalArgumentException("max-tasks must be at least 1");
		}
	}

}
