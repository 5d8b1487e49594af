package dev.agentserve.memory;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Where the long-term memories of users live; every call is scoped to one user. */
interface MemoryStore {

	/** Stores a memory with its vector; false when the user is at {@code limit}. */
	Mono<Boolean> put(String userId, Memory memory, float[] vector, int limit);

	/** The memory, or empty when the user has none with that id. */
	Mono<Memory> get(String userId, String id);

	/** The memories with these ids, in that order, skipping missing ones. */
	Mono<List<Memory>> getAll(String userId, List<String> ids);

	/** Newest first, after {@code cursor} (an id) when given. */
	Mono<MemoryPage> list(String userId, @Nullable String cursor, int limit);

	/** Whether it existed. */
	Mono<Boolean> delete(String userId, String id);

}
