package dev.agentserve.agent;

/** How an agent's model asks for tools. */
public enum ToolCalling {

	/**
	 * The provider's function calling (OpenAI {@code tools}, Anthropic {@code tool_use}).
	 */
	NATIVE,

	/**
	 * The ReAct text protocol ({@code Thought:} / {@code Action:} / {@code Action Input:}
	 * / {@code Final Answer:}), for models without function calling.
	 */
	TEXT

}
