package dev.agentserve.memory;

import org.jspecify.annotations.Nullable;

/**
 * What one turn's context is built from, besides the session and its history.
 *
 * @param userId whose memories {@code recallLimit} draws on
 * @param systemPrompt the agent's instructions
 * @param model the agent's model reference (its tokenizer counts the budget)
 * @param contextTokens the most tokens the context may take, answer reserve included
 * @param reserveTokens tokens kept free for the answer
 * @param summarizerModel the model that summarises ({@code null}: no summary, only the
 * window)
 * @param summaryTokens the longest summary
 * @param recallLimit memories added to the context (0: none)
 * @param message the user's message of this turn (what recall looks for)
 */
public record ContextRequest(String userId, String systemPrompt, String model, int contextTokens, int reserveTokens,
		@Nullable String summarizerModel, int summaryTokens, int recallLimit, String message) {

	/**
	 * Tokens the system message, summary and history may take: the context less the
	 * reserve, which takes at most half of it (so a small window with the default reserve
	 * still has room).
	 */
	int budget() {
		return this.contextTokens - Math.min(this.reserveTokens, this.contextTokens / 2);
	}

}
