package dev.agentserve.agent;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.model.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ReAct text protocol for models without function calling: the instructions that
 * teach it, and a lenient parser of the model's reply. JSON or plain {@code Action Input}
 * is accepted (plain text fills a tool's single string argument); a reply with neither
 * {@code Action:} nor {@code Final Answer:} is taken as the answer.
 */
final class TextProtocol {

	private static final Pattern FINAL = Pattern.compile("(?is)final\\s+answer\\s*:\\s*(.*)$");

	private static final Pattern ACTION = Pattern.compile("(?im)^\\s*action\\s*:\\s*([A-Za-z0-9_-]+)\\s*$");

	private static final Pattern INPUT = Pattern
		.compile("(?is)action\\s+input\\s*:\\s*(.*?)\\s*(?:observation\\s*:.*)?$");

	private final JsonMapper json;

	TextProtocol(JsonMapper json) {
		this.json = json;
	}

	/** What the system prompt gains so the model follows the protocol. */
	String instructions(List<ToolDefinition> tools) {
		StringBuilder text = new StringBuilder("\n\nYou can use these tools:\n");
		for (ToolDefinition tool : tools) {
			text.append("- ")
				.append(tool.name())
				.append(": ")
				.append(tool.description())
				.append(" Arguments (JSON Schema): ")
				.append(this.json.writeValueAsString(tool.parameters()))
				.append('\n');
		}
		text.append("""

				Answer in exactly this format. To use a tool:
				Thought: what you think
				Action: the tool name
				Action Input: the arguments as a JSON object

				Then stop and wait for the Observation. When you know the answer:
				Thought: what you think
				Final Answer: the answer to the user
				""");
		return text.toString();
	}

	/** What the model's reply asks for. */
	Step parse(String reply, List<ToolDefinition> tools) {
		Matcher action = ACTION.matcher(reply);
		if (action.find()) {
			String name = action.group(1);
			Matcher input = INPUT.matcher(reply.substring(action.end()));
			if (!input.find() || input.group(1).isBlank()) {
				return new Step.Malformed(
						"'Action: " + name + "' must be followed by 'Action Input:' with its arguments");
			}
			JsonNode arguments = arguments(input.group(1).strip(), tool(tools, name));
			if (arguments == null) {
				return new Step.Malformed("the Action Input of " + name + " is not a JSON object");
			}
			return new Step.Action(name, arguments);
		}
		Matcher answer = FINAL.matcher(reply);
		if (answer.find()) {
			return new Step.Answer(answer.group(1).strip());
		}
		return new Step.Answer(reply.strip());
	}

	private @Nullable JsonNode arguments(String input, @Nullable ToolDefinition tool) {
		String text = input.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
		try {
			JsonNode parsed = this.json.readTree(text);
			if (parsed.isObject()) {
				return parsed;
			}
		}
		catch (JacksonException ex) {
			// Not JSON: maybe the plain value of a single-argument tool.
		}
		String single = (tool != null) ? singleStringProperty(tool.parameters()) : null;
		if (single == null) {
			return null;
		}
		String value = text.replaceAll("^\"|\"$", "");
		ObjectNode wrapped = this.json.createObjectNode();
		wrapped.put(single, value);
		return wrapped;
	}

	private static @Nullable String singleStringProperty(JsonNode schema) {
		JsonNode properties = schema.path("properties");
		if (properties.size() != 1) {
			return null;
		}
		String name = properties.propertyNames().iterator().next();
		return "string".equals(properties.path(name).path("type").asString("").toLowerCase(Locale.ROOT)) ? name : null;
	}

	private static @Nullable ToolDefinition tool(List<ToolDefinition> tools, String name) {
		return tools.stream().filter((tool) -> tool.name().equals(name)).findFirst().orElse(null);
	}

	/** One reply of the model. */
	sealed interface Step {

		record Action(String tool, JsonNode arguments) implements Step {
		}

		record Answer(String text) implements Step {
		}

		record Malformed(String problem) implements Step {
		}

	}

}
