package dev.agentserve.agent;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How an agent type uses memory ({@code agentserve.agents.<name>.memory.*}).
 *
 * @param context {@code window}: the newest history that fits; {@code summarize}: older
 * messages are folded into a running summary kept with the session
 * @param reserveTokens tokens of {@code contextTokens} kept free for the answer (at most
 * half of it)
 * @param summarizerModel the model that writes summaries (default: the agent's own)
 * @param summaryTokens the longest summary; a longer one is summarised again
 * @param recall {@code auto}: the user's memories most relevant to the message are added
 * to each turn's context; {@code off}: only through the {@code recall} tool
 * @param recallLimit how many memories {@code auto} adds
 * @param episodic after each turn, store a short summary of what was asked and answered
 * as a memory of the user
 */
public record AgentMemory(@DefaultValue("window") String context, @DefaultValue("1024") int reserveTokens,
		@Nullable String summarizerModel, @DefaultValue("1000") int summaryTokens, @DefaultValue("off") String recall,
		@DefaultValue("3") int recallLimit, @DefaultValue("false") boolean episodic) {

	public static final AgentMemory DEFAULT = new AgentMemory("window", 1024, null, 1000, "off", 3, false);

	public AgentMemory {
		context = context.toLowerCase(Locale.ROOT);
		recall = recall.toLowerCase(Locale.ROOT);
		if (!context.equals("window") && !context.equals("summarize")) {
			throw new IllegalArgumentException("memory.context must be window or summarize, not '" + context + "'");
		}
		if (!recall.equals("off") && !recall.equals("auto")) {
			throw new IllegalArgumentException("memory.recall must be off or auto, not '" + recall + "'");
		}
		if (reserveTokens < 0) {
			throw new IllegalArgumentException("memory.reserve-tokens must not be negative");
		}
		if (summaryTokens < 50) {
			throw new IllegalArgumentException("memory.summary-tokens must be at least 50");
		}
		if (recallLimit < 1 || recallLimit > 20) {
			throw new IllegalArgumentException("memory.recall-limit must be between 1 and 20");
		}
	}

	public boolean summarize() {
		return this.context.equals("summarize");
	}

	public boolean autoRecall() {
		return this.recall.equals("auto");
	}

}
