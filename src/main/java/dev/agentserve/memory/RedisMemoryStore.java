package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 * Engine can index), and a hash of 128-bit signatures for the plain-Redis search. No key
 * expires: memories outlive sessions.
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

	String signatures(String userId) {
		return this.keys.memories(userId) + "sig";
	}

	@Override
	public Mono<Boolean> put(String userId, Memory memory, float[] vector, int limit) {
		List<byte[]> args = new ArrayList<>();
		args.add(utf8(Integer.toString(limit)));
		args.add(utf8(memory.id()));
		args.add(Signatures.signature(vector));
		addField(args, "content", memory.content());
		addField(args, "tags", this.json.writeValueAsString(memory.tags()));
		addField(args, "importance", Double.toString(memory.importance()));
		addField(args, "createdAt", Long.toString(memory.createdAt().toEpochMilli()));
		addField(args, "owner", userId);
		args.add(utf8("vec"));
		args.add(Signatures.bytes(vector));
		return this.binary
			.execute(MemoryScripts.PUT, List.of(index(userId), memoryPrefix(userId) + memory.id(), signatures(userId)),
					args)
			.next()
			.map((stored) -> stored == 1L);
	}

	/**
	 * The plain-Redis search: the best {@code limit} of the user's memories by cosine
	 * similarity, exact among the {@code candidates} nearest by signature.
	 */
	Mono<List<ScoredId>> search(String userId, float[] query, int candidates, int limit) {
		List<byte[]> args = List.of(Signatures.signature(query), Signatures.bytes(query),
				utf8(Integer.toString(candidates)), utf8(Integer.toString(limit)), utf8(memoryPrefix(userId)));
		return this.binary.execute(MemoryScripts.SEARCH, List.of(signatures(userId)), args)
			.next()
			.map(RedisMemoryStore::scored)
			.defaultIfEmpty(List.of());
	}

	private static List<ScoredId> scored(List<?> reply) {
		List<ScoredId> scored = new ArrayList<>(reply.size() / 2);
		for (int i = 0; i + 1 < reply.size(); i += 2) {
			scored.add(new ScoredId(text(reply.get(i)), Double.parseDouble(text(reply.get(i + 1)))));
		}
		return scored;
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
			.execute(MemoryScripts.DELETE, List.of(index(userId), memoryPrefix(userId) + id, signatures(userId)),
					List.of(id))
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

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

}
