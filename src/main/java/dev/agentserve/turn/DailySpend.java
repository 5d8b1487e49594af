package dev.agentserve.turn;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.agentserve.event.Cost;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.persistence.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * What each user spent per UTC day, in Redis: a hash per user and day
 * ({@link Keyspace#userSpend}) of currency → whole nano-units, added to atomically and
 * kept for two days.
 */
@Repository
class DailySpend {

	static final Duration KEEP = Duration.ofDays(2);

	private static final RedisScript<Long> CHARGE = LuaScripts.load("spend-charge", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	DailySpend(ReactiveStringRedisTemplate redis, Keyspace keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** What the user spent on the day of {@code now} in {@code currency}. */
	Mono<BigDecimal> spent(String userId, String currency, Instant now) {
		return this.redis.<String, String>opsForHash()
			.get(this.keys.userSpend(userId, day(now)), currency)
			.map((nanos) -> Cost.ofNanos(Long.parseLong(nanos), currency).value())
			.defaultIfEmpty(BigDecimal.ZERO);
	}

	/** Adds a turn's cost to the user's spend of the day of {@code now}. */
	Mono<Void> charge(String userId, Cost cost, Instant now) {
		return this.redis
			.execute(CHARGE, List.of(this.keys.userSpend(userId, day(now))),
					List.of(cost.currency(), Long.toString(cost.nanos()), Long.toString(KEEP.toMillis())))
			.then();
	}

	static String day(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
	}

	/** How long until the next UTC day starts. */
	static Duration untilNextDay(Instant now) {
		Instant next = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return Duration.between(now, next);
	}

}
