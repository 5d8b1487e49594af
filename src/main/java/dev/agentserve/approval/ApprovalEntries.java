package dev.agentserve.approval;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.agentserve.model.ToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one codec of an entry of a turn's approvals hash (call id → JSON): {@code pending}
 * with the call, a decision ({@code approve}, {@code reject}, {@code edit} with
 * {@code args}; {@code by}, {@code at}), or settled without one ({@code expired},
 * {@code cancelled}; {@code reason}, {@code at}).
 */
final class ApprovalEntries {

	static final String EXPIRED = "expired";

	static final String CANCELLED = "cancelled";

	private final JsonMapper json;

	ApprovalEntries(JsonMapper json) {
		this.json = json;
	}

	String pending(ToolCall call, Instant expiresAt) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("status", "pending");
		entry.put("tool", call.name());
		entry.put("args", call.arguments());
		entry.put("expiresAt", expiresAt.toString());
		return this.json.writeValueAsString(entry);
	}

	String decision(ApprovalDecision.Kind kind, @Nullable JsonNode args, String userId, Instant at) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("status", kind.wireName());
		if (kind == ApprovalDecision.Kind.EDIT) {
			entry.put("args", args);
		}
		entry.put("by", userId);
		entry.put("at", at.toString());
		return this.json.writeValueAsString(entry);
	}

	String settled(String status, String reason, Instant at) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("status", status);
		entry.put("reason", reason);
		entry.put("at", at.toString());
		return this.json.writeValueAsString(entry);
	}

	/** The decision in an entry; null while it is pending. */
	@Nullable ApprovalDecision read(String text) {
		JsonNode entry = this.json.readTree(text);
		String by = entry.path("by").asString("");
		return switch (entry.path("status").asString("")) {
			case "approve" -> new ApprovalDecision(ApprovalDecision.Kind.APPROVE, null, by);
			case "reject" -> new ApprovalDecision(ApprovalDecision.Kind.REJECT, null, by);
			case "edit" -> new ApprovalDecision(ApprovalDecision.Kind.EDIT, entry.path("args"), by);
			case "pending" -> null;
			default -> ApprovalDecision.expired();
		};
	}

}
