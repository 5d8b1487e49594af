package dev.agentserve.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import dev.agentserve.persistence.KeyspaceProperties;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Short-lived, single-use tickets that let a browser open an EventSource or WebSocket
 * without putting a long-lived key in a URL: an authenticated caller asks for one, then
 * passes it as {@code ?ticket=}; the first use consumes it ({@code GETDEL}), on any
 * replica.
 */
@Component
class StreamTickets {

	static final Duration LIFETIME = Duration.ofSeconds(60);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	StreamTickets(ReactiveStringRedisTemplate redis, KeyspaceProperties keyspace) {
		this.redis = redis;
		this.prefix = keyspace.keyPrefix() + "ticket:";
	}

	/** A new ticket for the user, valid for {@link #LIFETIME}. */
	Mono<String> issue(String userId) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String ticket = HexFormat.of().formatHex(bytes);
		return this.redis.opsForValue().set(this.prefix + ticket, userId, LIFETIME).thenReturn(ticket);
	}

	/** The ticket's user, consuming the ticket; empty when unknown, used or expired. */
	Mono<String> redeem(String ticket) {
		if (!ticket.matches("[0-9a-f]{48}")) {
			return Mono.empty();
		}
		return this.redis.opsForValue().getAndDelete(this.prefix + ticket);
	}

}
