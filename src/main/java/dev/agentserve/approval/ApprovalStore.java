package dev.agentserve.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.agentserve.model.ToolCall;
import dev.agentserve.persistence.Keyspace;
import dev.agentserve.persistence.LuaScripts;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A turn's approvals hash in Redis ({@link Keyspace#turnApprovals}): pending calls and
 * how each was settled. Settling goes through one script, so the first decision wins.
 */
@Component
class ApprovalStore {

	/**
	 * How long the entries outlive the last call's expiry: as long as a finished turn is
	 * kept by default ({@code agentserve.turns.retention}), so late decisions get 409.
	 */
	private static final RedisScript<String> DECIDE = LuaScripts.load("approval-decide", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	private final ApprovalEntries entries;

	/**
	 * As long as the turn's own keys: {@code agentserve.turns.retention} past the expiry.
	 */
	private final Duration keep;

	ApprovalStore(ReactiveStringRedisTemplate redis, Keyspace keys, JsonMapper json, Environment environment) {
		this.keep = environment.getProperty("agentserve.turns.retention", Duration.class, Duration.ofHours(1));
		this.redis = redis;
		this.keys = keys;
		this.entries = new ApprovalEntries(json);
	}

	ApprovalEntries entries() {
		return this.entries;
	}

	Mono<Void> putPending(String sessionId, String turnId, ToolCall call, Instant expiresAt, Instant now) {
		String key = this.keys.turnApprovals(sessionId, turnId);
		Duration keep = Duration.between(now, expiresAt).plus(this.keep);
		return this.redis.opsForHash()
			.put(key, call.id(), this.entries.pending(call, expiresAt))
			.then(this.redis.expire(key, keep))
			.then();
	}

	/** The call's decision; empty while it is pending (or unknown). */
	Mono<ApprovalDecision> decision(String sessionId, String turnId, String callId) {
		return this.redis.<String, String>opsForHash()
			.get(this.keys.turnApprovals(sessionId, turnId), callId)
			.mapNotNull(this.entries::read);
	}

	/**
	 * Settles a pending call: {@code ok}, {@code unknown} or {@code decided} (someone was
	 * first).
	 */
	Mono<String> settle(String sessionId, String turnId, String callId, String entry) {
		return this.redis.execute(DECIDE, List.of(this.keys.turnApprovals(sessionId, turnId)), List.of(callId, entry))
			.single();
	}

	/**
	 * Records the owner's decision while the turn runs: {@code ok}, {@code unknown},
	 * {@code decided}, or {@code ended} (then the call is settled with {@code ended}).
	 */
	Mono<String> decide(String sessionId, String turnId, String callId, String entry, String ended) {
		List<String> keys = List.of(this.keys.turnApprovals(sessionId, turnId), this.keys.turn(sessionId, turnId));
		return this.redis.execute(DECIDE, keys, List.of(callId, entry, ended)).single();
	}

	/** Who runs the turn; empty when there is no such turn. */
	Mono<String> turnUser(String sessionId, String turnId) {
		return this.redis.<String, String>opsForHash().get(this.keys.turn(sessionId, turnId), "user");
	}

}
