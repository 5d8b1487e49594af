package dev.agentserve.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One model round: the conversation so far and the tools the model may call.
 *
 * @param model the provider's model name (after the {@code provider:} prefix)
 * @param messages the conversation, system message first
 * @param tools the tools on offer
 * @param options provider-specific extra request fields
 */
public record ModelRequest(String model, List<Message> messages, List<ToolDefinition> tools,
		Map<String, Object> options) {

	public ModelRequest {
		Objects.requireNonNull(model, "model");
		messages = List.copyOf(messages);
		tools = List.copyOf(tools);
		options = Map.copyOf(options);
	}

}
