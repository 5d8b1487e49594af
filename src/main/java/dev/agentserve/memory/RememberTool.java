package dev.agentserve.memory;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolOutput;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code remember {content, importance?}}: stores a long-term memory of the user. */
@Component
class RememberTool implements Tool {

	private final MemoryService memories;

	private final JsonNode parameters;

	RememberTool(MemoryService memories, JsonMapper json) {
		this.memories = memories;
		this.parameters = json.readTree("""
				{"type": "object",
				 "properties": {
				   "content": {"type": "string", "minLength": 1, "maxLength": 4000,
				     "description": "The fact to remember, as a self-contained sentence"},
				   "importance": {"type": "number", "minimum": 0, "maximum": 1,
				     "description": "How important it is, 0 to 1 (default 0.5)"}},
				 "required": ["content"],
				 "additionalProperties": false}
				""");
	}

	@Override
	public String name() {
		return "remember";
	}

	@Override
	public String description() {
		return "Stores a fact about the user in long-term memory, which later conversations can recall.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		Double importance = arguments.has("importance") ? arguments.get("importance").asDouble() : null;
		return MemoryTools
			.explained(this.memories.create(context.userId(),
					new NewMemory(MemoryTools.text(arguments, "content"), null, importance)))
			.map((memory) -> new ToolOutput(MemoryTools.json(memory)));
	}

}
