package dev.agentserve.tool.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a server's tool listing into {@link McpTool}s named
 * {@code mcp__<server>__<tool>}.
 */
final class McpToolFactory {

	static final String PREFIX = "mcp__";

	private final JsonMapper json;

	McpToolFactory(JsonMapper json) {
		this.json = json;
	}

	List<McpTool> tools(String server, McpServerConnection connection, List<McpSchema.Tool> listed) {
		List<McpTool> tools = new ArrayList<>();
		for (McpSchema.Tool tool : listed) {
			String name = name(server, tool.name());
			String description = (tool.description() != null) ? tool.description()
					: (tool.title() != null) ? tool.title() : tool.name();
			tools.add(new McpTool(name, tool.name(), description, schema(tool.inputSchema()), connection, this.json));
		}
		return List.copyOf(tools);
	}

	/** Characters a model API does not take in a function name become {@code _}. */
	static String name(String server, String tool) {
		String name = PREFIX + server + "__" + tool.replaceAll("[^A-Za-z0-9_-]", "_");
		return (name.length() > 64) ? name.substring(0, 64) : name;
	}

	private JsonNode schema(Map<String, Object> inputSchema) {
		JsonNode schema = this.json.valueToTree(inputSchema);
		if (!schema.isObject()) {
			return this.json.createObjectNode().put("type", "object");
		}
		ObjectNode copy = ((ObjectNode) schema).deepCopy();
		// Its own dialect may be older; ours validates with 2020-12.
		copy.remove("$schema");
		return copy;
	}

}
