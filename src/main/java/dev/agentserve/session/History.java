package dev.agentserve.session;

import java.util.List;

import dev.agentserve.model.Message;

/** The last messages of a session, oldest first. */
public record History(List<Message> messages) {

	public History {
		messages = List.copyOf(messages);
	}

}
