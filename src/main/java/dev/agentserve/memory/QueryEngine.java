package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentserve.persistence.Keyspace;
import dev.agentserve.persistence.LuaScripts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Redis Query Engine's vector index, when the server has one: detected once with
 * {@code FT._LIST}, the index created on first use ({@code FT.CREATE}, an existing one
 * kept), KNN queries by {@code FT.SEARCH}. Commands run inside a script so their replies
 * have one shape on RESP2 and RESP3 connections.
 */
@Component
class QueryEngine {

	private static final Logger log = LoggerFactory.getLogger(QueryEngine.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CALL = LuaScripts.load("query-engine", List.class);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final String keyPrefix;

	private final boolean enabled;

	private final Mono<Boolean> available;

	/** The dimension of the index created (0: none yet). */
	private final AtomicInteger indexed = new AtomicInteger();

	QueryEngine(ReactiveRedisConnectionFactory connections, Keyspace keys, MemoryProperties properties) {
		this.redis = new ReactiveRedisTemplate<>(connections,
				RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
					.value(RedisSerializer.byteArray())
					.build());
		this.keyPrefix = keys.prefix();
		this.enabled = properties.queryEngine().equals("auto");
		this.available = this.enabled ? call(List.of(utf8("FT._LIST"))).map((reply) -> !isError(reply))
			.onErrorReturn(false)
			.doOnNext((found) -> log.info("Memory search uses {}",
					found ? "the Redis Query Engine's vector index"
							: "plain Redis (an inverted file of int8 clusters)"))
			.cache((found) -> java.time.Duration.ofDays(365), (ex) -> java.time.Duration.ZERO,
					() -> java.time.Duration.ZERO)
				: Mono.just(false);
	}

	/** Whether the server has the Query Engine (and it is not switched off). */
	Mono<Boolean> available() {
		return this.available;
	}

	/** The nearest {@code limit} memories of the owner. */
	Mono<List<ScoredId>> search(String owner, String memoryKeyPrefix, float[] vector, int limit) {
		return ensureIndex(vector.length)
			.then(call(QueryEngineCommands.search(this.keyPrefix, owner, Vectors.float32(vector), limit)))
			.map((reply) -> {
				if (isError(reply)) {
					throw new IllegalStateException("FT.SEARCH failed: " + text(reply.get(1)));
				}
				return QueryEngineCommands.parse(reply, memoryKeyPrefix);
			});
	}

	private Mono<Void> ensureIndex(int dimensions) {
		if (this.indexed.get() == dimensions) {
			return Mono.empty();
		}
		List<byte[]> create = new ArrayList<>();
		QueryEngineCommands.create(this.keyPrefix, dimensions).forEach((arg) -> create.add(utf8(arg)));
		return call(create).doOnNext((reply) -> {
			if (isError(reply) && !text(reply.get(1)).toLowerCase(java.util.Locale.ROOT).contains("already exists")) {
				throw new IllegalStateException("FT.CREATE failed: " + text(reply.get(1)));
			}
			this.indexed.set(dimensions);
		}).then();
	}

	private Mono<List<?>> call(List<byte[]> command) {
		return this.redis.execute(CALL, List.of(), command).next().map((reply) -> (List<?>) reply);
	}

	private static boolean isError(List<?> reply) {
		return reply.size() == 2 && text(reply.get(0)).equals("error");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

}
