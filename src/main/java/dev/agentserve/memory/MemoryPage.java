package dev.agentserve.memory;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A page of memories and the cursor of the next one (null on the last page). */
public record MemoryPage(List<Memory> memories, @Nullable String nextCursor) {

	public MemoryPage {
		memories = List.copyOf(memories);
	}

}
