package dev.agentserve.model.anthropic;

import java.util.ArrayList;
import java.util.List;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Image;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.Reasoning;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.model.http.ModelEndpoint;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a {@link ModelRequest} to a streamed Messages request: system messages go to
 * {@code system}; signed thinking blocks go back first in the assistant's content, before
 * its {@code tool_use} blocks; tool results become {@code tool_result} blocks of a user
 * message; consecutive messages of one role are merged, as the API wants roles to
 * alternate.
 */
final class AnthropicRequestMapper {

	private final JsonMapper json;

	AnthropicRequestMapper(JsonMapper json) {
		this.json = json;
	}

	ObjectNode body(ModelRequest request, ModelEndpoint endpoint) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		body.put("max_tokens", endpoint.config().maxTokens());
		body.put("stream", true);
		List<String> system = new ArrayList<>();
		ArrayNode messages = body.putArray("messages");
		for (Message message : request.messages()) {
			if (message instanceof SystemMessage instructions) {
				system.add(instructions.content());
				continue;
			}
			String role = (message instanceof AssistantMessage) ? "assistant" : "user";
			ObjectNode last = (messages.isEmpty()) ? null : (ObjectNode) messages.get(messages.size() - 1);
			ArrayNode content;
			if (last != null && last.get("role").asString().equals(role)) {
				content = (ArrayNode) last.get("content");
			}
			else {
				ObjectNode entry = messages.addObject().put("role", role);
				content = entry.putArray("content");
			}
			blocks(message, content);
		}
		if (!system.isEmpty()) {
			body.put("system", String.join("\n\n", system));
		}
		if (!request.tools().isEmpty()) {
			ArrayNode tools = body.putArray("tools");
			request.tools().forEach((tool) -> tools.add(tool(tool)));
		}
		endpoint.addExtraFields(body, request.options());
		return body;
	}

	private void blocks(Message message, ArrayNode content) {
		switch (message) {
			case UserMessage user -> {
				images(user, content);
				if (!user.content().isEmpty() || user.attachments().isEmpty()) {
					content.addObject().put("type", "text").put("text", user.content());
				}
			}
			case AssistantMessage assistant -> {
				for (Reasoning reasoning : assistant.reasoning()) {
					if (reasoning.redacted() != null) {
						content.addObject().put("type", "redacted_thinking").put("data", reasoning.redacted());
					}
					else if (reasoning.signature() != null) {
						content.addObject()
							.put("type", "thinking")
							.put("thinking", reasoning.text())
							.put("signature", reasoning.signature());
					}
				}
				if (!assistant.content().isEmpty()) {
					content.addObject().put("type", "text").put("text", assistant.content());
				}
				for (ToolCall call : assistant.toolCalls()) {
					content.addObject()
						.put("type", "tool_use")
						.put("id", call.id())
						.put("name", call.name())
						.set("input", call.arguments().isObject() ? call.arguments() : this.json.createObjectNode());
				}
			}
			case ToolMessage tool -> content.addObject()
				.put("type", "tool_result")
				.put("tool_use_id", tool.callId())
				.put("content", tool.content())
				.put("is_error", tool.error());
			case SystemMessage system -> throw new IllegalStateException("system messages are not content");
		}
	}

	/**
	 * {@code image} blocks before the text, as Anthropic advises: uploaded bytes as a
	 * {@code base64} source, a URL as a {@code url} source, an image of an earlier turn
	 * as a note.
	 */
	private static void images(UserMessage user, ArrayNode content) {
		for (Image image : user.attachments()) {
			if (!image.available()) {
				content.addObject().put("type", "text").put("text", image.note());
				continue;
			}
			ObjectNode source = content.addObject().put("type", "image").putObject("source");
			if (image.url() != null) {
				source.put("type", "url").put("url", image.url());
			}
			else {
				source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.base64());
			}
		}
	}

	private ObjectNode tool(ToolDefinition tool) {
		ObjectNode node = this.json.createObjectNode().put("name", tool.name()).put("description", tool.description());
		node.set("input_schema", tool.parameters());
		return node;
	}

}
