package dev.agentserve.event;

/** Tokens used, as the providers reported them. */
public record TokenUsage(long inputTokens, long outputTokens, long reasoningTokens) {

	public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

	public TokenUsage plus(long input, long output, long reasoning) {
		return new TokenUsage(this.inputTokens + input, this.outputTokens + output, this.reasoningTokens + reasoning);
	}

}
