package dev.agentserve.tool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import dev.agentserve.persistence.Keyspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results of tools with a {@code cache-ttl}, in Redis under
 * {@code <prefix>tool-cache:<tool>:<sha-256 of the tool's cache key>}, shared by every
 * replica. Redis trouble never fails a call: a read that fails is a miss, a write that
 * fails is dropped.
 */
@Component
class ToolResultCache {

	private static final Logger log = LoggerFactory.getLogger(ToolResultCache.class);

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keyspace;

	private final JsonMapper json;

	ToolResultCache(ReactiveStringRedisTemplate redis, Keyspace keyspace, JsonMapper json) {
		this.redis = redis;
		this.keyspace = keyspace;
		this.json = json;
	}

	Mono<JsonNode> get(Tool tool, JsonNode arguments) {
		return this.redis.opsForValue().get(key(tool, arguments)).map(this.json::readTree).onErrorResume((ex) -> {
			log.warn("Tool cache read failed for {}: {}", tool.name(), ex.toString());
			return Mono.empty();
		});
	}

	Mono<Void> put(Tool tool, JsonNode arguments, JsonNode result, Duration ttl) {
		return this.redis.opsForValue().set(key(tool, arguments), result.toString(), ttl).onErrorResume((ex) -> {
			log.warn("Tool cache write failed for {}: {}", tool.name(), ex.toString());
			return Mono.empty();
		}).then();
	}

	private String key(Tool tool, JsonNode arguments) {
		return this.keyspace.prefix() + "tool-cache:" + tool.name() + ":" + sha256(tool.cacheKey(arguments));
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
