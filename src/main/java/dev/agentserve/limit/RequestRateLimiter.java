package dev.agentserve.limit;

import java.time.Duration;
import java.util.List;

import dev.agentserve.persistence.KeyspaceProperties;
import dev.agentserve.persistence.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Rate limits in Redis, so a limit holds across replicas: a token bucket per key, taken
 * from in one script call ({@code rate-take.lua}, the generic cell rate algorithm: one
 * number per bucket, Redis's clock). It replaced Bucket4j's compare-and-swap proxy, which
 * took two round trips per request on a connection of its own.
 */
@Component
class RequestRateLimiter {

	private static final RedisScript<Long> TAKE = LuaScripts.load("rate-take", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	RequestRateLimiter(ReactiveStringRedisTemplate redis, KeyspaceProperties keyspace) {
		this.redis = redis;
		this.prefix = keyspace.keyPrefix() + "rate:";
	}

	/**
	 * Takes one request from the bucket of {@code kind}/{@code id} holding and refilled
	 * at {@code perMinute}: how long to wait when it is empty, else zero. The limit is
	 * part of the key, so a changed limit takes effect at once, on fresh buckets.
	 */
	Mono<Duration> acquire(String kind, String id, int perMinute) {
		String key = this.prefix + perMinute + "pm:" + kind + ":" + id;
		return this.redis.execute(TAKE, List.of(key), List.of(Integer.toString(perMinute)))
			.next()
			.map(Duration::ofMillis);
	}

}
