package dev.agentserve.event;

import java.time.Instant;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of an event, shared by SSE, WebSocket and the Redis log:
 * {@code {type, sessionId, turnId, seq, ts, ...fields}}.
 */
@Component
public class EventCodec {

	private static final String[] ENVELOPE = { "sessionId", "turnId", "seq", "ts" };

	/** The fields a child run's events carry ({@link TurnEvent.Nested}). */
	private static final String AGENT = "agent";

	private static final String PARENT_CALL_ID = "parentCallId";

	private static final String TYPE_PREFIX = "{\"type\":\"";

	private final JsonMapper json;

	EventCodec(JsonMapper json) {
		this.json = json;
	}

	public String encode(String sessionId, String turnId, long seq, Instant ts, TurnEvent event) {
		return wire(sessionId, turnId, seq, ts.toEpochMilli(), event.type(), body(event));
	}

	/**
	 * The event's own fields as a JSON object, without its type and the envelope every
	 * event of a turn shares: what the event log keeps, so that ids and type names are
	 * not stored again with every event.
	 */
	public String body(TurnEvent event) {
		if (event instanceof TurnEvent.Nested nested) {
			return nested(nested);
		}
		String full = this.json.writeValueAsString(event);
		// The type id is always written first (@JsonTypeInfo as a property).
		int typeEnd = TYPE_PREFIX.length() + event.type().length() + 1;
		if (!full.startsWith(TYPE_PREFIX) || full.length() <= typeEnd) {
			throw new IllegalStateException("Unexpected event JSON: " + full);
		}
		return (full.charAt(typeEnd) == ',') ? "{" + full.substring(typeEnd + 1) : "{}";
	}

	/**
	 * A child run's event: its own body with {@code agent} and {@code parentCallId} added
	 * (last, so the fields of events without a parent keep their order).
	 */
	private String nested(TurnEvent.Nested nested) {
		String inner = body(nested.event());
		StringBuilder body = new StringBuilder(inner.length() + 64);
		body.append(inner, 0, inner.length() - 1);
		if (inner.length() > 2) {
			body.append(',');
		}
		return body.append("\"agent\":")
			.append(this.json.writeValueAsString(nested.agent()))
			.append(",\"parentCallId\":")
			.append(this.json.writeValueAsString(nested.parentCallId()))
			.append('}')
			.toString();
	}

	/**
	 * The wire JSON of a logged event: {@code {type, sessionId, turnId, seq, ts,
	 * ...body}}. Ids and type names are plain tokens (UUIDs and fixed names) that need no
	 * escaping.
	 */
	public String wire(String sessionId, String turnId, long seq, long epochMillis, String type, String body) {
		// The fixed keys, type, seq and time take about 110 characters.
		StringBuilder wire = new StringBuilder(body.length() + 128 + sessionId.length() + turnId.length());
		wire.append("{\"type\":\"")
			.append(type)
			.append("\",\"sessionId\":\"")
			.append(sessionId)
			.append("\",\"turnId\":\"")
			.append(turnId)
			.append("\",\"seq\":")
			.append(seq)
			.append(",\"ts\":\"");
		IsoMillis.append(wire, epochMillis).append('"');
		if (body.length() > 2) {
			wire.append(',').append(body, 1, body.length());
		}
		else {
			wire.append('}');
		}
		return wire.toString();
	}

	/** The event inside an encoded envelope. */
	public TurnEvent decode(String encoded) {
		ObjectNode node = (ObjectNode) this.json.readTree(encoded);
		for (String field : ENVELOPE) {
			node.remove(field);
		}
		JsonNode agent = node.remove(AGENT);
		JsonNode parentCallId = node.remove(PARENT_CALL_ID);
		TurnEvent event = this.json.treeToValue(node, TurnEvent.class);
		if (agent != null && parentCallId != null) {
			return new TurnEvent.Nested(agent.asString(), parentCallId.asString(), event);
		}
		return event;
	}

	/** Parses arguments or results that are JSON text, for events and tool calls. */
	public JsonNode tree(String text) {
		return this.json.readTree(text);
	}

}
