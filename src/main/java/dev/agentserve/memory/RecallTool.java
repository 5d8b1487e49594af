package dev.agentserve.memory;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolOutput;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code recall {query, limit?}}: the user's memories closest in meaning to a query. */
@Component
class RecallTool implements Tool {

	static final int DEFAULT_LIMIT = 5;

	private final MemoryService memories;

	private final JsonNode parameters;

	RecallTool(MemoryService memories, JsonMapper json) {
		this.memories = memories;
		this.parameters = json.readTree("""
				{"type": "object",
				 "properties": {
				   "query": {"type": "string", "minLength": 1, "maxLength": 4000,
				     "description": "What to look for, in words"},
				   "limit": {"type": "integer", "minimum": 1, "maximum": 20,
				     "description": "How many memories at most (default 5)"}},
				 "required": ["query"],
				 "additionalProperties": false}
				""");
	}

	@Override
	public String name() {
		return "recall";
	}

	@Override
	public String description() {
		return "Searches the user's long-term memory by meaning; answers the closest memories with their ids and scores.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		int limit = arguments.path("limit").asInt(DEFAULT_LIMIT);
		return MemoryTools
			.explained(this.memories.search(context.userId(), MemoryTools.text(arguments, "query"), limit))
			.map((found) -> new ToolOutput(MemoryTools.json(found)));
	}

}
