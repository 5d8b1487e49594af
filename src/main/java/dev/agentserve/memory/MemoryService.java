package dev.agentserve.memory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Long-term memory of users: checks the limits, embeds, stores, and searches by meaning
 * with the Redis Query Engine when the server has it, plain Redis otherwise.
 */
@Service
public class MemoryService {

	private static final Logger log = LoggerFactory.getLogger(MemoryService.class);

	public static final int MAX_LIMIT = 100;

	public static final int MAX_TAG_LENGTH = 64;

	private final RedisMemoryStore store;

	private final EmbeddingClient embedder;

	private final QueryEngine queryEngine;

	private final MemoryProperties properties;

	private final Clock clock;

	/** The embedding dimension: configured, or the first one seen. */
	private final AtomicInteger dimensions;

	MemoryService(RedisMemoryStore store, EmbeddingClient embedder, QueryEngine queryEngine,
			MemoryProperties properties, Clock clock) {
		this.store = store;
		this.embedder = embedder;
		this.queryEngine = queryEngine;
		this.properties = properties;
		this.clock = clock;
		this.dimensions = new AtomicInteger(properties.dimensions());
	}

	/**
	 * Stores a memory of the user; {@link InvalidMemoryException} when it breaks a limit.
	 */
	public Mono<Memory> create(String userId, NewMemory request) {
		return Mono.defer(() -> {
			String content = (request.content() != null) ? request.content().strip() : "";
			List<String> tags = (request.tags() != null) ? request.tags() : List.of();
			double importance = (request.importance() != null) ? request.importance() : 0.5;
			validate(content, tags, importance);
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			Memory memory = new Memory(MemoryIds.next(now.toEpochMilli()), content, tags, importance, now, null);
			return embed(content)
				.flatMap((vector) -> this.store.put(userId, memory, vector, this.properties.maxPerUser()))
				.flatMap((stored) -> stored ? Mono.just(memory)
						: Mono.error(new InvalidMemoryException("You already have " + this.properties.maxPerUser()
								+ " memories, the most allowed; delete some first")));
		});
	}

	public Mono<Memory> get(String userId, String id) {
		if (!MemoryIds.isWellFormed(id)) {
			return Mono.error(new MemoryNotFoundException(id));
		}
		return this.store.get(userId, id).switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(id)));
	}

	public Mono<Void> delete(String userId, String id) {
		if (!MemoryIds.isWellFormed(id)) {
			return Mono.error(new MemoryNotFoundException(id));
		}
		return this.store.delete(userId, id)
			.flatMap((deleted) -> deleted ? Mono.<Void>empty() : Mono.error(new MemoryNotFoundException(id)));
	}

	/** Newest first; {@code cursor} is the {@code nextCursor} of the previous page. */
	public Mono<MemoryPage> list(String userId, @Nullable String cursor, int limit) {
		return Mono.defer(() -> {
			if (cursor != null && !MemoryIds.isWellFormed(cursor)) {
				throw new InvalidMemoryException("cursor is not one this service gave out");
			}
			return this.store.list(userId, cursor, checkLimit(limit));
		});
	}

	/**
	 * The user's memories most similar in meaning to {@code query}, best first, scored.
	 */
	public Mono<List<Memory>> search(String userId, String query, int limit) {
		return Mono.defer(() -> {
			String text = (query != null) ? query.strip() : "";
			if (text.isEmpty() || text.length() > this.properties.maxContentLength()) {
				return Mono.error(new InvalidMemoryException(
						"query must be 1 to " + this.properties.maxContentLength() + " characters"));
			}
			int count = checkLimit(limit);
			return embed(text).flatMap((vector) -> nearest(userId, vector, count))
				.flatMap((scored) -> this.store.getAll(userId, scored.stream().map(ScoredId::id).toList())
					.map((memories) -> withScores(memories, scored)));
		});
	}

	private Mono<List<ScoredId>> nearest(String userId, float[] vector, int limit) {
		Mono<List<ScoredId>> plain = this.store.search(userId, vector, Math.max(this.properties.candidates(), limit),
				limit);
		return this.queryEngine.available()
			.flatMap((available) -> available
					? this.queryEngine.search(userId, this.store.memoryPrefix(userId), vector, limit)
						.onErrorResume((ex) -> {
							log.warn("Memory search by the Query Engine failed, answering from plain Redis: {}",
									ex.toString());
							return plain;
						})
					: plain);
	}

	/** Which search path answers: {@code query-engine} or {@code plain}. */
	public Mono<String> searchPath() {
		return this.queryEngine.available().map((available) -> available ? "query-engine" : "plain");
	}

	private static List<Memory> withScores(List<Memory> memories, List<ScoredId> scored) {
		Map<String, Double> scores = new HashMap<>();
		scored.forEach((s) -> scores.put(s.id(), s.score()));
		List<Memory> result = new ArrayList<>(memories.size());
		for (Memory memory : memories) {
			result.add(memory.withScore(Math.round(scores.getOrDefault(memory.id(), 0.0) * 1e4) / 1e4));
		}
		return result;
	}

	private Mono<float[]> embed(String text) {
		return this.embedder.embed(text).map((vector) -> {
			int expected = this.dimensions.get();
			if (expected == 0 && this.dimensions.compareAndSet(0, vector.length)) {
				return vector;
			}
			if (vector.length != this.dimensions.get()) {
				throw new EmbeddingException("The embedder " + this.embedder.name() + " answered " + vector.length
						+ " dimensions; the memory store holds " + this.dimensions.get(), null);
			}
			return vector;
		});
	}

	private void validate(String content, List<String> tags, double importance) {
		if (content.isEmpty() || content.length() > this.properties.maxContentLength()) {
			throw new InvalidMemoryException(
					"content must be 1 to " + this.properties.maxContentLength() + " characters");
		}
		if (tags.size() > this.properties.maxTags()) {
			throw new InvalidMemoryException("at most " + this.properties.maxTags() + " tags");
		}
		for (String tag : tags) {
			if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH) {
				throw new InvalidMemoryException("each tag must be 1 to " + MAX_TAG_LENGTH + " characters");
			}
		}
		if (!(importance >= 0 && importance <= 1)) {
			throw new InvalidMemoryException("importance must be between 0 and 1");
		}
	}

	private static int checkLimit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidMemoryException("limit must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

}
