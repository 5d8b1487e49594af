package dev.agentserve.turn;

import dev.agentserve.event.EventTypes;

/** One logged event: its sequence number, type and JSON, as clients receive it. */
public record EventRecord(long seq, String type, String json) {

	public boolean terminal() {
		return EventTypes.isTerminal(this.type);
	}

	/** Parses a live notice: {@code <seq>:<type>:<json>}. */
	static EventRecord fromNotice(String notice) {
		int first = notice.indexOf(':');
		int second = notice.indexOf(':', first + 1);
		return new EventRecord(Long.parseLong(notice.substring(0, first)), notice.substring(first + 1, second),
				notice.substring(second + 1));
	}

}
