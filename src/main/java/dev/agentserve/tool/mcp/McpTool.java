package dev.agentserve.tool.mcp;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import dev.agentserve.tool.ToolStatus;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A tool of an MCP server. Its result is the structured content when the server sends
 * some, else the text (one string, or a list of them), else the content blocks as JSON;
 * an error result ({@code isError}) fails the call with its text.
 */
final class McpTool implements Tool {

	private final String name;

	private final String remoteName;

	private final String description;

	private final JsonNode parameters;

	private final McpServerConnection server;

	private final JsonMapper json;

	McpTool(String name, String remoteName, String description, JsonNode parameters, McpServerConnection server,
			JsonMapper json) {
		this.name = name;
		this.remoteName = remoteName;
		this.description = description;
		this.parameters = parameters;
		this.server = server;
		this.json = json;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public ToolStatus status() {
		return (this.server.state() == McpServerConnection.State.UP) ? ToolStatus.AVAILABLE : ToolStatus.UNAVAILABLE;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		Map<String, Object> args = this.json.convertValue(arguments, new TypeReference<Map<String, Object>>() {
		});
		return this.server.call(this.remoteName, args).map(this::output);
	}

	private ToolOutput output(McpSchema.CallToolResult result) {
		List<McpSchema.Content> content = (result.content() != null) ? result.content() : List.of();
		if (Boolean.TRUE.equals(result.isError())) {
			String text = text(content);
			throw new ToolException(this.name + " failed: " + (text.isEmpty() ? "the server reported an error" : text));
		}
		if (result.structuredContent() != null) {
			return new ToolOutput(this.json.valueToTree(result.structuredContent()));
		}
		if (!content.isEmpty() && content.stream().allMatch(McpSchema.TextContent.class::isInstance)) {
			if (content.size() == 1) {
				return new ToolOutput(
						JsonNodeFactory.instance.stringNode(((McpSchema.TextContent) content.get(0)).text()));
			}
			var texts = JsonNodeFactory.instance.arrayNode();
			content.forEach((block) -> texts.add(((McpSchema.TextContent) block).text()));
			return new ToolOutput(texts);
		}
		return new ToolOutput(this.json.valueToTree(content));
	}

	private static String text(List<McpSchema.Content> content) {
		return content.stream()
			.filter(McpSchema.TextContent.class::isInstance)
			.map((block) -> ((McpSchema.TextContent) block).text())
			.collect(Collectors.joining("\n"));
	}

}
