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

	private final JsonMapper json;

	EventCodec(JsonMapper json) {
		this.json = json;
	}

	public String encode(String sessionId, String turnId, long seq, Instant ts, TurnEvent event) {
		ObjectNode fields = this.json.valueToTree(event);
		ObjectNode node = this.json.createObjectNode();
		node.put("type", event.type());
		node.put("sessionId", sessionId);
		node.put("turnId", turnId);
		node.put("seq", seq);
		node.put("ts", ts.toString());
		fields.remove("type");
		node.setAll(fields);
		return this.json.writeValueAsString(node);
	}

	/** The event inside an encoded envelope. */
	public TurnEvent decode(String encoded) {
		ObjectNode node = (ObjectNode) this.json.readTree(encoded);
		for (String field : ENVELOPE) {
			node.remove(field);
		}
		return this.json.treeToValue(node, TurnEvent.class);
	}

	/** Parses arguments or results that are JSON text, for events and tool calls. */
	public JsonNode tree(String text) {
		return this.json.readTree(text);
	}

}
