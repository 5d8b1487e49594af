package dev.agentserve.memory;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolOutput;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code forget {memoryId}}: deletes one of the user's memories. */
@Component
class ForgetTool implements Tool {

	private final MemoryService memories;

	private final JsonNode parameters;

	ForgetTool(MemoryService memories, JsonMapper json) {
		this.memories = memories;
		this.parameters = json.readTree("""
				{"type": "object",
				 "properties": {
				   "memoryId": {"type": "string", "minLength": 1, "maxLength": 64,
				     "description": "The id of the memory, as recall answered it"}},
				 "required": ["memoryId"],
				 "additionalProperties": false}
				""");
	}

	@Override
	public String name() {
		return "forget";
	}

	@Override
	public String description() {
		return "Deletes one memory of the user by its id.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		String id = MemoryTools.text(arguments, "memoryId");
		return MemoryTools.explained(this.memories.delete(context.userId(), id))
			.then(Mono.fromSupplier(() -> new ToolOutput(
					JsonNodeFactory.instance.objectNode().put("memoryId", id).put("forgotten", true))));
	}

}
