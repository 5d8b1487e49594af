package dev.agentserve.turn;

import dev.agentserve.event.EventTypes;

/** One logged event: its sequence number, type and JSON, as clients receive it. */
public record EventRecord(long seq, String type, String json) {

	public boolean terminal() {
		return EventTypes.isTerminal(this.type);
	}

}
