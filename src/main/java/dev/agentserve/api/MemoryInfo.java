package dev.agentserve.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.memory.Memory;
import org.jspecify.annotations.Nullable;

/** One memory as the API shows it; {@code score} only in search results. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MemoryInfo(String memoryId, String content, List<String> tags, double importance, Instant createdAt,
		@Nullable Double score) {

	static MemoryInfo of(Memory memory) {
		return new MemoryInfo(memory.id(), memory.content(), memory.tags(), memory.importance(), memory.createdAt(),
				memory.score());
	}

}
