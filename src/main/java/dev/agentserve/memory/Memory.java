package dev.agentserve.memory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One long-term memory of a user.
 *
 * @param id {@code mem_} and a time-ordered suffix (newer ids sort after older ones)
 * @param content what is remembered
 * @param tags free labels
 * @param importance 0 to 1
 * @param createdAt when it was stored
 * @param score cosine similarity to a query, only in search results
 */
public record Memory(String id, String content, List<String> tags, double importance, Instant createdAt,
		@Nullable Double score) {

	public Memory {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(content, "content");
		tags = List.copyOf(tags);
	}

	Memory withScore(double value) {
		return new Memory(this.id, this.content, this.tags, this.importance, this.createdAt, value);
	}

}
