package dev.agentserve.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.agentserve.persistence.KeyspaceProperties;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Short-lived tickets that let a browser open an EventSource or WebSocket without putting
 * a long-lived key in a URL: an authenticated caller asks for one, then passes it as
 * {@code ?ticket=}, on any replica. The first use binds the ticket to the session in the
 * path; an EventSource that reconnects with the same URL may use it again on that session
 * only, until the reconnect window after the first use ends. A WebSocket handshake
 * consumes an unused ticket: browsers never reconnect a WebSocket by themselves, so one
 * use is all it needs.
 */
@Component
public class StreamTickets {

	/** How long an unused ticket is valid. */
	public static final Duration LIFETIME = Duration.ofSeconds(60);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final RedisScript<Long> ISSUE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'user', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	/**
	 * One atomic step, so two reconnects racing on a fresh ticket cannot bind it to two
	 * sessions. ARGV: session id, reconnect window (ms), and the use: 'once' (WebSocket),
	 * 'start' (a stream that starts a turn) or 'read' (a stream that resumes or follows
	 * one). Only a read may reuse a bound ticket: a ticket that leaked with its URL
	 * (logs, Referer) cannot start paid turns during the reconnect window.
	 */
	private static final RedisScript<String> REDEEM = RedisScript.of("""
			local user = redis.call('HGET', KEYS[1], 'user')
			if not user then return false end
			local bound = redis.call('HGET', KEYS[1], 'session')
			if ARGV[3] == 'once' then
			  if bound then return false end
			  redis.call('DEL', KEYS[1])
			  return user
			end
			if not bound then
			  if tonumber(ARGV[2]) > 0 then
			    redis.call('HSET', KEYS[1], 'session', ARGV[1])
			    redis.call('PEXPIRE', KEYS[1], ARGV[2])
			  else
			    redis.call('DEL', KEYS[1])
			  end
			  return user
			end
			if bound == ARGV[1] and ARGV[3] == 'read' then return user end
			return false
			""", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	private final Duration reconnectWindow;

	StreamTickets(ReactiveStringRedisTemplate redis, KeyspaceProperties keyspace, SecurityProperties properties) {
		this.redis = redis;
		this.prefix = keyspace.keyPrefix() + "ticket:";
		this.reconnectWindow = properties.ticketReconnectWindow();
	}

	/** A new ticket for the user, valid for {@link #LIFETIME} until its first use. */
	public Mono<String> issue(String userId) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String ticket = HexFormat.of().formatHex(bytes);
		return this.redis
			.execute(ISSUE, List.of(this.prefix + ticket), List.of(userId, Long.toString(LIFETIME.toMillis())))
			.then(Mono.just(ticket));
	}

	/**
	 * The ticket's user when it may open a stream of this session; empty when unknown,
	 * expired, bound to another session, or (for a WebSocket) already used.
	 */
	Mono<String> redeem(String ticket, String sessionId, Use use) {
		if (!ticket.matches("[0-9a-f]{48}") || sessionId.isEmpty()) {
			return Mono.empty();
		}
		return this.redis
			.execute(REDEEM, List.of(this.prefix + ticket),
					List.of(sessionId, Long.toString(this.reconnectWindow.toMillis()), use.wire))
			.next();
	}

	/** What a ticket is presented for. */
	enum Use {

		/** A WebSocket: single use. */
		ONCE("once"),
		/** A stream that starts a turn (the browser chat route without Last-Event-ID). */
		START("start"),
		/** A stream that resumes or follows a turn. */
		READ("read");

		private final String wire;

		Use(String wire) {
			this.wire = wire;
		}

	}

}
