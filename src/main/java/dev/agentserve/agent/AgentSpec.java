package dev.agentserve.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The definition of one agent type, from {@code agentserve.agents.<name>.*}.
 *
 * @param description what the agent is for, shown by {@code GET /agents}
 * @param model the model it talks to ({@code demo}, {@code openai:<model>}, ...)
 * @param systemPrompt instructions sent first in every turn
 * @param maxSteps model rounds per turn before the turn ends with {@code max_steps}
 * @param turnTimeout wall-clock limit of one turn
 * @param tools names of the tools the agent may call; any other is unknown to it
 * @param contextTokens the most history (estimated tokens) sent to the model each round
 * @param toolCalling {@code native} function calling, or the {@code text} ReAct protocol
 * @param modelOptions fields added to every model request body of this agent (e.g.
 * {@code temperature}, {@code chat_template_kwargs}); they override the endpoint's
 * {@code extra-body}
 * @param tokenBudget input plus output tokens one session may use; reaching it mid-turn
 * ends the turn with {@code error{code:budget}}, and the session starts no more turns (0:
 * no budget)
 * @param costBudget what one session may spend, in the currency of its model's price
 * ({@code agentserve.models.prices}); crossing it mid-turn ends the turn with
 * {@code error{code:budget}}, and the session starts no more turns (0: no budget)
 * @param subAgents agent types this agent may delegate to, each offered to its model as
 * the tool {@code agent__<name>} with input {@code {task}} (DESIGN.md §13)
 * @param shareHistory whether this agent, run as a sub-agent, sees its parent's
 * conversation before the task (otherwise only the task)
 * @param memory how it uses memory: context policy, recall, episodes
 * ({@code agentserve.agents.<name>.memory.*})
 */
public record AgentSpec(@DefaultValue("") String description, @DefaultValue("demo") String model,
		@DefaultValue("You are a helpful assistant.") String systemPrompt, @DefaultValue("10") int maxSteps,
		@DefaultValue("2m") Duration turnTimeout, @DefaultValue List<String> tools,
		@DefaultValue("16000") int contextTokens, @DefaultValue("native") ToolCalling toolCalling,
		@DefaultValue Map<String, Object> modelOptions, @DefaultValue("1000000") long tokenBudget,
		@DefaultValue("0") BigDecimal costBudget, @DefaultValue List<String> subAgents,
		@DefaultValue("false") boolean shareHistory, @DefaultValue AgentMemory memory) {

	@ConstructorBinding
	public AgentSpec {
		if (maxSteps < 1) {
			throw new IllegalArgumentException("maxSteps must be at least 1");
		}
		if (turnTimeout.isNegative() || turnTimeout.isZero()) {
			throw new IllegalArgumentException("turnTimeout must be positive");
		}
		if (contextTokens < 100) {
			throw new IllegalArgumentException("contextTokens must be at least 100");
		}
		if (costBudget.signum() < 0) {
			throw new IllegalArgumentException("costBudget must not be negative");
		}
		tools = List.copyOf(tools);
		modelOptions = Map.copyOf(modelOptions);
		subAgents = List.copyOf(subAgents);
	}

	/** An agent without sub-agents. */
	public AgentSpec(String description, String model, String systemPrompt, int maxSteps, Duration turnTimeout,
			List<String> tools, int contextTokens, ToolCalling toolCalling, Map<String, Object> modelOptions,
			long tokenBudget, BigDecimal costBudget) {
		this(description, model, systemPrompt, maxSteps, turnTimeout, tools, contextTokens, toolCalling, modelOptions,
				tokenBudget, costBudget, List.of(), false, AgentMemory.DEFAULT);
	}

	/** An agent without sub-agents, with these memory settings. */
	public AgentSpec(String description, String model, String systemPrompt, int maxSteps, Duration turnTimeout,
			List<String> tools, int contextTokens, ToolCalling toolCalling, Map<String, Object> modelOptions,
			long tokenBudget, BigDecimal costBudget, AgentMemory memory) {
		this(description, model, systemPrompt, maxSteps, turnTimeout, tools, contextTokens, toolCalling, modelOptions,
				tokenBudget, costBudget, List.of(), false, memory);
	}

}
