package dev.agentserve.model.openai;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Image;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.model.http.ModelEndpoint;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Maps a {@link ModelRequest} to a streamed Chat Completions request body. */
final class OpenAiRequestMapper {

	private final JsonMapper json;

	OpenAiRequestMapper(JsonMapper json) {
		this.json = json;
	}

	ObjectNode body(ModelRequest request, ModelEndpoint endpoint) {
		ObjectNode body = this.json.createObjectNode();
		body.put("model", request.model());
		body.put("stream", true);
		body.putObject("stream_options").put("include_usage", true);
		ArrayNode messages = body.putArray("messages");
		request.messages().forEach((message) -> messages.add(message(message)));
		if (!request.tools().isEmpty()) {
			ArrayNode tools = body.putArray("tools");
			request.tools().forEach((tool) -> tools.add(tool(tool)));
		}
		endpoint.addExtraFields(body, request.options());
		return body;
	}

	private ObjectNode message(Message message) {
		ObjectNode node = this.json.createObjectNode();
		switch (message) {
			case SystemMessage system -> node.put("role", "system").put("content", system.content());
			case UserMessage user when !user.attachments().isEmpty() -> userWithImages(node, user);
			case UserMessage user -> node.put("role", "user").put("content", user.content());
			case AssistantMessage assistant -> {
				node.put("role", "assistant");
				if (assistant.content().isEmpty() && !assistant.toolCalls().isEmpty()) {
					node.putNull("content");
				}
				else {
					node.put("content", assistant.content());
				}
				if (!assistant.toolCalls().isEmpty()) {
					ArrayNode calls = node.putArray("tool_calls");
					for (ToolCall call : assistant.toolCalls()) {
						ObjectNode entry = calls.addObject().put("id", call.id()).put("type", "function");
						entry.putObject("function")
							.put("name", call.name())
							.put("arguments", call.arguments().isString() ? call.arguments().asString()
									: this.json.writeValueAsString(call.arguments()));
					}
				}
			}
			case ToolMessage tool -> node.put("role", "tool")
				.put("tool_call_id", tool.callId())
				.put("content", tool.error() ? "Error: " + tool.content() : tool.content());
		}
		return node;
	}

	/**
	 * Text and {@code image_url} parts: uploaded bytes as a {@code data:} URL, a URL as
	 * itself, an image of an earlier turn as a note.
	 */
	private void userWithImages(ObjectNode node, UserMessage user) {
		ArrayNode parts = node.put("role", "user").putArray("content");
		if (!user.content().isEmpty()) {
			parts.addObject().put("type", "text").put("text", user.content());
		}
		for (Image image : user.attachments()) {
			if (image.available()) {
				parts.addObject()
					.put("type", "image_url")
					.putObject("image_url")
					.put("url", (image.url() != null) ? image.url() : image.dataUrl());
			}
			else {
				parts.addObject().put("type", "text").put("text", image.note());
			}
		}
	}

	private ObjectNode tool(ToolDefinition tool) {
		ObjectNode node = this.json.createObjectNode().put("type", "function");
		node.putObject("function")
			.put("name", tool.name())
			.put("description", tool.description())
			.set("parameters", tool.parameters());
		return node;
	}

}
