package dev.agentserve.memory;

import java.util.List;

import dev.agentserve.tool.ToolException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What the memory tools answer, as JSON the model reads. */
final class MemoryTools {

	private MemoryTools() {
	}

	static ObjectNode json(Memory memory) {
		ObjectNode node = JsonNodeFactory.instance.objectNode()
			.put("memoryId", memory.id())
			.put("content", memory.content())
			.put("importance", memory.importance())
			.put("createdAt", memory.createdAt().toString());
		if (memory.score() != null) {
			node.put("score", memory.score());
		}
		return node;
	}

	static ArrayNode json(List<Memory> memories) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode();
		memories.forEach((memory) -> array.add(json(memory)));
		return array;
	}

	/**
	 * A limit or a missing memory is the model's to fix; anything else (the embedder, the
	 * store) is a transient failure.
	 */
	static <T> Mono<T> explained(Mono<T> call) {
		return call.onErrorMap(InvalidMemoryException.class, (ex) -> new ToolException(ex.getMessage()))
			.onErrorMap(MemoryNotFoundException.class, (ex) -> new ToolException(ex.getMessage()))
			.onErrorMap(EmbeddingException.class, (ex) -> new ToolException(ex.getMessage(), true))
			.onErrorMap((ex) -> !(ex instanceof ToolException),
					(ex) -> new ToolException("The memory store is unavailable: " + ex.getMessage(), true));
	}

	static String text(JsonNode arguments, String field) {
		return arguments.path(field).asString("");
	}

}
