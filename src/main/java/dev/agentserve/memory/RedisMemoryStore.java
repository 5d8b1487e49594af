package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.agentserve.persistence.Keyspace;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link MemoryStore} on Redis. Per user, in one hash slot ({@code as:{mem:<user>}:}): an
 * index (sorted set of ids, all scored 0, so the time-ordered ids list newest first by
 * lex range), a hash per memory (text fields, owner, and the float32 vector the Query
 * Engine can index), and the plain-Redis vector index: an inverted file of centroids and
 * clusters of quantised vectors (docs/memory.md). No key expires: memories outlive
 * sessions.
 */
@Repository
class RedisMemoryStore implements MemoryStore {

	static final List<String> TEXT_FIELDS = List.of("content", "tags", "importance", "createdAt");

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisTemplate<String, byte[]> binary;

	private final Keyspace keys;

	private final JsonMapper json;

	RedisMemoryStore(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connections, Keyspace keys,
			JsonMapper json) {
		this.redis = redis;
		this.binary = new ReactiveRedisTemplate<>(connections,
				RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
					.value(RedisSerializer.byteArray())
					.hashKey(RedisSerializer.string())
					.hashValue(RedisSerializer.byteArray())
					.build());
		this.keys = keys;
		this.json = json;
	}

	String index(String userId) {
		return this.keys.memories(userId) + "index";
	}

	String memoryPrefix(String userId) {
		return this.keys.memories(userId) + "m:";
	}

	String centroids(String userId) {
		return this.keys.memories(userId) + "ivf";
	}

	String clusterPrefix(String userId) {
		return this.keys.memories(userId) + "ivf:";
	}

	@Override
	public Mono<Boolean> put(String userId, Memory memory, float[] vector, int limit) {
		return readCentroids(userId, vector.length)
			.flatMap((centroids) -> file(userId, memory, vector, limit, centroids))
			.repeatWhenEmpty(8, (retries) -> retries);
	}

	/**
	 * Stores the memory in the cluster of its nearest centroid, or as the founder of a
	 * new cluster; empty when other writes changed the centroids meanwhile (read them
	 * again).
	 */
	private Mono<Boolean> file(String userId, Memory memory, float[] vector, int limit, Centroids centroids) {
		int nearest = centroids.nearest(vector);
		boolean found = nearest < 0 || centroids.similarity(nearest, vector) < Centroids.FOUND_BELOW;
		byte[] quantized = Vectors.quantized(vector);
		List<byte[]> args = new ArrayList<>();
		args.add(utf8(Integer.toString(limit)));
		args.add(utf8(memory.id()));
		args.add(utf8(Integer.toString(Centroids.MAX)));
		args.add(utf8(clusterPrefix(userId)));
		args.add(utf8(Integer.toString(nearest)));
		args.add(utf8(found ? "1" : "0"));
		args.add(Centroids.record(vector));
		args.add(concat(utf8(memory.id()), quantized));
		addField(args, "content", memory.content());
		addField(args, "tags", this.json.writeValueAsString(memory.tags()));
		addField(args, "importance", Double.toString(memory.importance()));
		addField(args, "createdAt", Long.toString(memory.createdAt().toEpochMilli()));
		addField(args, "owner", userId);
		args.add(utf8("vec"));
		args.add(Vectors.float32(vector));
		return this.binary
			.execute(MemoryScripts.PUT, List.of(index(userId), memoryPrefix(userId) + memory.id(), centroids(userId)),
					args)
			.next()
			.flatMap((stored) -> (stored == -2L) ? Mono.error(otherDimensions(vector.length))
					: (stored >= 0) ? Mono.just(stored == 1L) : Mono.empty());
	}

	/**
	 * The plain-Redis search (an inverted file): reads the clusters whose centroids are
	 * nearest the query until they hold at least {@code candidates} memories, ranks their
	 * quantised vectors, and answers the best {@code limit} scored exactly (cosine) from
	 * their float32 vectors. Three round trips; a search reads the centroids and about
	 * {@code candidates} quantised vectors, not every vector of the user.
	 */
	Mono<List<ScoredId>> search(String userId, float[] query, int candidates, int limit) {
		return readCentroids(userId, query.length).flatMap((centroids) -> {
			List<Integer> probes = centroids.probes(query, candidates);
			if (probes.isEmpty()) {
				return Mono.just(List.<ScoredId>of());
			}
			List<String> clusters = probes.stream().map((probe) -> clusterPrefix(userId) + probe).toList();
			return this.binary.opsForValue()
				.multiGet(clusters)
				.map((records) -> Cluster.best(records, query, Math.max(4 * limit, limit + 16)))
				.flatMap((shortlist) -> rescore(userId, query, shortlist, limit));
		});
	}

	private Mono<Centroids> readCentroids(String userId, int dimensions) {
		return this.binary.opsForValue()
			.get(centroids(userId))
			.flatMap((bytes) -> (bytes.length % Centroids.recordLength(dimensions) == 0)
					? Mono.just(Centroids.of(bytes, dimensions)) : Mono.error(otherDimensions(dimensions)))
			.defaultIfEmpty(Centroids.of(null, dimensions));
	}

	/** The user's index was built by an embedder of another dimension. */
	private static EmbeddingException otherDimensions(int dimensions) {
		String detail = "The stored memories were embedded with another vector dimension than the embedder's %d; "
				+ "keep the embedder they were made with (or a new agentserve.redis.key-prefix)";
		return new EmbeddingException(detail.formatted(dimensions), null);
	}

	/**
	 * The exact cosine of the shortlisted memories (their float32 vectors), best first.
	 */
	private Mono<List<ScoredId>> rescore(String userId, float[] query, List<String> shortlist, int limit) {
		return Flux.fromIterable(shortlist)
			.flatMapSequential(
					(id) -> this.binary.<String, byte[]>opsForHash()
						.get(memoryPrefix(userId) + id, "vec")
						.filter((vector) -> vector.length == query.length * Float.BYTES)
						.map((vector) -> new ScoredId(id, Vectors.dot(query, Vectors.float32(vector)))),
					Math.max(1, shortlist.size()))
			.sort(Comparator.comparingDouble(ScoredId::score).reversed())
			.take(limit)
			.collectList();
	}

	@Override
	public Mono<Memory> get(String userId, String id) {
		return this.redis.<String, String>opsForHash()
			.multiGet(memoryPrefix(userId) + id, List.copyOf(TEXT_FIELDS))
			.mapNotNull((values) -> (values.get(0) != null) ? memory(id, values) : null);
	}

	@Override
	public Mono<List<Memory>> getAll(String userId, List<String> ids) {
		return Flux.fromIterable(ids).flatMapSequential((id) -> get(userId, id), 16).collectList();
	}

	@Override
	public Mono<MemoryPage> list(String userId, @Nullable String cursor, int limit) {
		Range<String> range = (cursor != null) ? Range.leftUnbounded(Range.Bound.exclusive(cursor)) : Range.unbounded();
		return this.redis.opsForZSet()
			.reverseRangeByLex(index(userId), range, Limit.limit().count(limit + 1))
			.collectList()
			.flatMap((ids) -> {
				List<String> page = ids.subList(0, Math.min(limit, ids.size()));
				String next = (ids.size() > limit) ? page.get(page.size() - 1) : null;
				return getAll(userId, page).map((memories) -> new MemoryPage(memories, next));
			});
	}

	@Override
	public Mono<Boolean> delete(String userId, String id) {
		return this.redis
			.execute(MemoryScripts.DELETE, List.of(index(userId), memoryPrefix(userId) + id, centroids(userId)),
					List.of(id, clusterPrefix(userId)))
			.next()
			.map((deleted) -> deleted == 1L);
	}

	/** How many memories the user has. */
	Mono<Long> count(String userId) {
		return this.redis.opsForZSet().size(index(userId));
	}

	private Memory memory(String id, List<String> values) {
		List<String> tags = (values.get(1) != null) ? this.json.readValue(values.get(1), STRINGS) : List.of();
		double importance = (values.get(2) != null) ? Double.parseDouble(values.get(2)) : 0.5;
		Instant createdAt = Instant.ofEpochMilli((values.get(3) != null) ? Long.parseLong(values.get(3)) : 0);
		return new Memory(id, values.get(0), tags, importance, createdAt, null);
	}

	private static void addField(List<byte[]> args, String field, String value) {
		args.add(utf8(field));
		args.add(utf8(value));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
