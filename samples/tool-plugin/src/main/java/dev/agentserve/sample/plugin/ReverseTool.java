package dev.agentserve.sample.plugin;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolOutput;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A sample plugin tool: {@code reverse {text}} answers the text backwards. */
public class ReverseTool implements Tool {

	private final JsonNode parameters = JsonNodeFactory.instance.objectNode()
		.put("type", "object")
		.put("additionalProperties", false)
		.<tools.jackson.databind.node.ObjectNode>set("properties",
				JsonNodeFactory.instance.objectNode()
					.set("text", JsonNodeFactory.instance.objectNode().put("type", "string")))
		.set("required", JsonNodeFactory.instance.arrayNode().add("text"));

	@Override
	public String name() {
		return "reverse";
	}

	@Override
	public String description() {
		return "Reverses a text.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		String text = arguments.path("text").asString("");
		return Mono.just(new ToolOutput(JsonNodeFactory.instance.objectNode()
			.put("reversed", new StringBuilder(text).reverse().toString())));
	}

}
