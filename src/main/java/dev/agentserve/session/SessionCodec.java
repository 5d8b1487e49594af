package dev.agentserve.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.event.Cost;
import dev.agentserve.model.Message;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Maps sessions and messages to and from their Redis representation. */
final class SessionCodec {

	private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {
	};

	private final JsonMapper json;

	SessionCodec(JsonMapper json) {
		this.json = json;
	}

	/** The metadata hash of a new session, as field/value pairs. */
	List<String> toFields(Session session) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", session.id());
		fields.put("user", session.userId());
		fields.put("agent", session.agentType());
		fields.put("created", Long.toString(session.createdAt().toEpochMilli()));
		fields.put("active", Long.toString(session.lastActive().toEpochMilli()));
		fields.put("ttl", Long.toString(session.ttl().toMillis()));
		fields.put("status", session.status().wireName());
		fields.put("deadline", Long.toString(session.deadline().toEpochMilli()));
		if (session.initialContext() != null) {
			fields.put("context", this.json.writeValueAsString(session.initialContext()));
		}
		List<String> flat = new ArrayList<>(fields.size() * 2);
		fields.forEach((field, value) -> {
			flat.add(field);
			flat.add(value);
		});
		return flat;
	}

	/**
	 * A session from the result of {@code session-open.lua}: {meta pairs, history length,
	 * ...}.
	 */
	Session fromOpenResult(List<?> result) {
		List<?> pairs = (List<?>) result.get(0);
		Map<String, String> meta = new HashMap<>();
		for (int i = 0; i + 1 < pairs.size(); i += 2) {
			meta.put((String) pairs.get(i), (String) pairs.get(i + 1));
		}
		long messageCount = Long.parseLong((String) result.get(1));
		return new Session(meta.get("id"), meta.get("user"), meta.get("agent"), instant(meta.get("created")),
				instant(meta.get("active")), Duration.ofMillis(Long.parseLong(meta.get("ttl"))),
				SessionStatus.fromWireName(meta.get("status")), messageCount, context(meta.get("context")),
				Long.parseLong(meta.getOrDefault("tokens", "0")),
				instant(meta.getOrDefault("deadline", Long.toString(Long.MAX_VALUE / 2))), cost(meta));
	}

	/** The history entries of a {@code session-open.lua} result. */
	List<Message> historyFromOpenResult(List<?> result) {
		List<?> entries = (List<?>) result.get(2);
		List<Message> messages = new ArrayList<>(entries.size());
		for (Object entry : entries) {
			messages.add(this.json.readValue((String) entry, Message.class));
		}
		return messages;
	}

	private @Nullable Map<String, Object> context(@Nullable String text) {
		return (text != null) ? this.json.readValue(text, CONTEXT) : null;
	}

	/** The cost the turns' ends added up ({@code turn-finish.lua}), if any was priced. */
	private static @Nullable Cost cost(Map<String, String> meta) {
		String nanos = meta.get("costNanos");
		String currency = meta.get("costCurrency");
		return (nanos != null && currency != null) ? Cost.ofNanos(Long.parseLong(nanos), currency) : null;
	}

	private static Instant instant(String epochMillis) {
		return Instant.ofEpochMilli(Long.parseLong(epochMillis));
	}

}
