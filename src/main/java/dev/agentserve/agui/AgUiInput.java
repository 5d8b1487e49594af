package dev.agentserve.agui;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.agentserve.model.ToolDefinition;
import dev.agentserve.turn.Attachment;
import dev.agentserve.turn.InvalidMessageException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what a run asks: resume entries answer interrupts; else trailing {@code tool}
 * messages are the client's tool results; else the last {@code user} message starts a
 * turn (its text parts joined, its image parts as attachments, the run's {@code context}
 * appended). The rest of {@code messages} is the client's copy of the thread; the session
 * history is the service's, so it is not read.
 */
final class AgUiInput {

	static final int MAX_ID = 200;

	private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private AgUiInput() {
	}

	static void requireIds(RunAgentInput input) {
		for (String[] id : new String[][] { { "threadId", input.threadId() }, { "runId", input.runId() } }) {
			if (id[1] == null || id[1].isBlank() || id[1].length() > MAX_ID) {
				throw new InvalidMessageException(id[0] + " is required (1 to " + MAX_ID + " characters)", false);
			}
		}
	}

	/**
	 * {@code agentTools}: the agent's own tool names, which client tools may not take.
	 */
	static RunRequest read(RunAgentInput input, Set<String> agentTools) {
		List<JsonNode> resume = input.resumeEntries();
		if (!resume.isEmpty()) {
			return resume(resume);
		}
		List<JsonNode> messages = input.messageList();
		List<RunRequest.ToolResults.Result> results = new ArrayList<>();
		for (int i = messages.size() - 1; i >= 0 && "tool".equals(role(messages.get(i))); i--) {
			JsonNode message = messages.get(i);
			boolean failed = message.hasNonNull("error");
			String content = failed ? message.path("error").asString("") : text(message.path("content"));
			results.add(0, new RunRequest.ToolResults.Result(message.path("toolCallId").asString(""), content, failed));
		}
		if (!results.isEmpty()) {
			return new RunRequest.ToolResults(results);
		}
		JsonNode last = messages.isEmpty() ? JsonNodeFactory.instance.objectNode() : messages.get(messages.size() - 1);
		if (!"user".equals(role(last))) {
			throw new InvalidMessageException("The last message must be a user message, the results of client tools "
					+ "(tool messages), or the run must resume interrupts", false);
		}
		return new RunRequest.Start(withContext(text(last.path("content")), input.context()),
				attachments(last.path("content")), clientTools(input.tools(), agentTools));
	}

	private static RunRequest resume(List<JsonNode> entries) {
		List<RunRequest.Resume.Answer> answers = new ArrayList<>();
		for (JsonNode entry : entries) {
			Interrupts.Id id = Interrupts.parse(entry.path("interruptId").asString(null));
			JsonNode payload = entry.path("payload");
			String decision = "cancelled".equals(entry.path("status").asString("")) ? "reject"
					: payload.path("decision")
						.asString(payload.path("approved").asBoolean(true) ? "approve" : "reject");
			answers.add(new RunRequest.Resume.Answer(id, decision,
					payload.hasNonNull("args") ? payload.get("args") : null));
		}
		return new RunRequest.Resume(answers);
	}

	private static String role(JsonNode message) {
		return message.path("role").asString("");
	}

	/** A string content, or its text parts joined by newlines. */
	private static String text(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode part : content) {
			if ("text".equals(part.path("type").asString(""))) {
				texts.add(part.path("text").asString(""));
			}
		}
		return String.join("\n", texts);
	}

	/**
	 * Every non-text part: images with a {@code data} or {@code url} source; other kinds
	 * (audio, video, document) are refused with 415 by the turn's intake.
	 */
	private static List<Attachment> attachments(JsonNode content) {
		List<Attachment> attachments = new ArrayList<>();
		for (JsonNode part : content.isArray() ? content : JsonNodeFactory.instance.arrayNode()) {
			String type = part.path("type").asString("");
			if (type.equals("text")) {
				continue;
			}
			JsonNode source = part.path("source");
			String mediaType = source.path("mimeType").asString(null);
			String value = source.path("value").asString(null);
			String kind = source.path("type").asString("");
			attachments.add(new Attachment(type, mediaType, kind.equals("url") ? null : value,
					kind.equals("url") ? value : null));
		}
		return attachments;
	}

	private static String withContext(String message, @org.jspecify.annotations.Nullable List<JsonNode> context) {
		if (context == null || context.isEmpty()) {
			return message;
		}
		StringBuilder text = new StringBuilder(message).append("\n\nContext:");
		for (JsonNode entry : context) {
			text.append("\n- ")
				.append(entry.path("description").asString(""))
				.append(": ")
				.append(entry.path("value").asString(""));
		}
		return text.toString();
	}

	private static List<ToolDefinition> clientTools(@org.jspecify.annotations.Nullable List<JsonNode> tools,
			Set<String> agentTools) {
		List<ToolDefinition> definitions = new ArrayList<>();
		for (JsonNode tool : (tools != null) ? tools : List.<JsonNode>of()) {
			String name = tool.path("name").asString("");
			if (!TOOL_NAME.matcher(name).matches() || agentTools.contains(name)) {
				throw new InvalidMessageException("tools[].name must be 1 to 64 of A-Z a-z 0-9 _ - and not one of the "
						+ "agent's own tools " + agentTools + ", got '" + name + "'", false);
			}
			JsonNode parameters = tool.path("parameters");
			ObjectNode schema = parameters.isObject() ? (ObjectNode) parameters
					: JsonNodeFactory.instance.objectNode().put("type", "object");
			definitions.add(new ToolDefinition(name, tool.path("description").asString(""), schema));
		}
		return definitions;
	}

}
