package dev.agentserve.agent;

import java.util.List;
import java.util.Objects;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.tool.ToolContext;
import reactor.core.publisher.Mono;

/**
 * One turn for {@link AgentLoop}: the agent, the conversation so far (ending with the
 * user's message), who it runs for, and what may end it early.
 *
 * @param cancel emits a reason when the turn is to be cancelled
 * @param maxEvents events the turn's log may hold ({@code turn_started}, the loop's
 * events and its terminal); the loop ends with {@code event_limit} before it would exceed
 * them
 * @param spending the model's price and the spending budgets, see {@link Spending}
 * @param clientTools tools the client runs (AG-UI): offered to the model besides the
 * agent's; a call to one waits for the client's result ({@code ClientToolGate})
 * @param contextUsage tokens spent building the context (the summarizer's): the turn's
 * usage starts with them
 */
public record AgentRun(String agentType, AgentSpec spec, List<Message> context, String userId, String sessionId,
		String turnId, long tokensUsedBefore, Mono<String> cancel, int maxEvents, Spending spending,
		List<ToolDefinition> clientTools, TokenUsage contextUsage) {

	public AgentRun {
		contextUsage = (contextUsage != null) ? contextUsage : TokenUsage.NONE;
		clientTools = (clientTools != null) ? List.copyOf(clientTools) : List.of();
		Objects.requireNonNull(agentType, "agentType");
		Objects.requireNonNull(spec, "spec");
		context = List.copyOf(context);
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(turnId, "turnId");
		Objects.requireNonNull(cancel, "cancel");
		if (maxEvents < 1) {
			throw new IllegalArgumentException("maxEvents must be positive");
		}
		Objects.requireNonNull(spending, "spending");
	}

	/** A run whose context cost no tokens. */
	public AgentRun(String agentType, AgentSpec spec, List<Message> context, String userId, String sessionId,
			String turnId, long tokensUsedBefore, Mono<String> cancel, int maxEvents, Spending spending,
			List<ToolDefinition> clientTools) {
		this(agentType, spec, context, userId, sessionId, turnId, tokensUsedBefore, cancel, maxEvents, spending,
				clientTools, TokenUsage.NONE);
	}

	/** A run without client-side tools. */
	public AgentRun(String agentType, AgentSpec spec, List<Message> context, String userId, String sessionId,
			String turnId, long tokensUsedBefore, Mono<String> cancel, int maxEvents, Spending spending) {
		this(agentType, spec, context, userId, sessionId, turnId, tokensUsedBefore, cancel, maxEvents, spending,
				List.of());
	}

	/** Whether the client runs this tool (an AG-UI client-side tool). */
	boolean isClientTool(String name) {
		return this.clientTools.stream().anyMatch((tool) -> tool.name().equals(name));
	}

	/** A run without a price: no cost, no spending budget. */
	public AgentRun(String agentType, AgentSpec spec, List<Message> context, String userId, String sessionId,
			String turnId, long tokensUsedBefore, Mono<String> cancel, int maxEvents) {
		this(agentType, spec, context, userId, sessionId, turnId, tokensUsedBefore, cancel, maxEvents, Spending.NONE);
	}

	ToolContext toolContext() {
		return new ToolContext(this.userId, this.sessionId, this.turnId);
	}

	/** Non-terminal events the loop may emit: the log keeps a spare for its terminal. */
	int loopEvents() {
		return Math.max(1, this.maxEvents - 3);
	}

}
