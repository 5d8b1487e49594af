package dev.agentserve.agent;

import java.util.List;
import java.util.Objects;

import dev.agentserve.model.Message;
import dev.agentserve.tool.ToolContext;

/**
 * One turn for {@link AgentLoop}: the agent, the conversation so far (ending with the
 * user's message), who it runs for, and where to record what it adds.
 */
public record AgentRun(String agentType, AgentSpec spec, List<Message> context, String userId, String sessionId,
		String turnId, Transcript transcript, long tokensUsedBefore) {

	public AgentRun {
		Objects.requireNonNull(agentType, "agentType");
		Objects.requireNonNull(spec, "spec");
		context = List.copyOf(context);
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(turnId, "turnId");
		Objects.requireNonNull(transcript, "transcript");
	}

	ToolContext toolContext() {
		return new ToolContext(this.userId, this.sessionId, this.turnId);
	}

}
