package dev.agentserve.turn;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.agent.AgentRun;
import dev.agentserve.agent.ApprovalDecision;
import dev.agentserve.agent.ApprovalGate;
import dev.agentserve.model.ToolCall;
import dev.agentserve.persistence.Keyspace;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approvals through Redis, so the owner can decide on any replica: the loop records the
 * pending call in the turn's approvals hash and polls it; {@link TurnService#decide}
 * writes the decision (first one wins). At expiry the loop marks the call expired the
 * same way, so a late decision is refused rather than lost.
 */
@Component
class RedisApprovalGate implements ApprovalGate {

	static final Duration POLL = Duration.ofMillis(250);

	private final ReactiveStringRedisTemplate redis;

	private final Keyspace keys;

	private final JsonMapper json;

	private final TurnProperties properties;

	RedisApprovalGate(ReactiveStringRedisTemplate redis, Keyspace keys, JsonMapper json, TurnProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.json = json;
		this.properties = properties;
	}

	@Override
	public Mono<ApprovalDecision> await(AgentRun run, ToolCall call, Instant expiresAt) {
		String key = this.keys.turnApprovals(run.sessionId(), run.turnId());
		Map<String, Object> pending = new LinkedHashMap<>();
		pending.put("status", "pending");
		pending.put("tool", call.name());
		pending.put("args", call.arguments());
		pending.put("expiresAt", expiresAt.toString());
		Duration keep = Duration.between(Instant.now(), expiresAt).plus(this.properties.retention());
		Duration wait = Duration.between(Instant.now(), expiresAt);
		return this.redis.opsForHash()
			.put(key, call.id(), this.json.writeValueAsString(pending))
			.then(this.redis.expire(key, keep))
			.thenMany(Flux.interval(Duration.ZERO, POLL)
				.concatMap((tick) -> read(key, call.id()))
				.filter((decision) -> decision != null)
				.take(wait.isNegative() ? Duration.ZERO : wait))
			.next()
			.switchIfEmpty(Mono.defer(() -> expire(key, call.id())));
	}

	/** At expiry: mark it expired unless a decision just arrived, which then wins. */
	private Mono<ApprovalDecision> expire(String key, String callId) {
		String expired = this.json.writeValueAsString(Map.of("status", "expired", "at", Instant.now().toString()));
		return this.redis.execute(TurnScripts.APPROVAL_DECIDE, List.of(key), List.of(callId, expired))
			.next()
			.flatMap((result) -> "ok".equals(result) ? Mono.just(ApprovalDecision.expired())
					: read(key, callId).defaultIfEmpty(ApprovalDecision.expired()));
	}

	private Mono<ApprovalDecision> read(String key, String callId) {
		return this.redis.<String, String>opsForHash().get(key, callId).mapNotNull((text) -> {
			JsonNode entry = this.json.readTree(text);
			return switch (entry.path("status").asString("")) {
				case "approve" ->
					new ApprovalDecision(ApprovalDecision.Kind.APPROVE, null, entry.path("by").asString(""));
				case "reject" ->
					new ApprovalDecision(ApprovalDecision.Kind.REJECT, null, entry.path("by").asString(""));
				case "edit" ->
					new ApprovalDecision(ApprovalDecision.Kind.EDIT, entry.path("args"), entry.path("by").asString(""));
				case "expired" -> ApprovalDecision.expired();
				default -> null;
			};
		});
	}

}
