package dev.agentserve.model;

import java.util.List;

/**
 * The shape of a request that asks a model to summarise a conversation (memory,
 * {@code summarize}): the instructions as the system message, then one user message with
 * the summary so far and the new messages. Shared so the demo model can recognise it and
 * summarise deterministically.
 */
public final class SummaryRequest {

	/** The system message of every summary request. */
	public static final String INSTRUCTIONS = """
			You keep the running summary of a conversation between a user and an assistant. Merge the \
			new messages into the summary so far. Keep every fact the user stated (names, numbers, \
			preferences, decisions), what was asked and what was answered; drop pleasantries. Answer \
			with the summary only, as short bullet points, oldest first.""";

	/** Heads the summary so far in the user message. */
	public static final String SUMMARY_HEADING = "Summary so far:";

	/** Heads the new messages; followed by {@link #NO_MESSAGES} when only condensing. */
	public static final String MESSAGES_HEADING = "New messages:";

	public static final String NO_MESSAGES = "(none: make the summary shorter, keeping the facts)";

	private SummaryRequest() {
	}

	/** Whether a request is a summary request. */
	public static boolean is(ModelRequest request) {
		List<Message> messages = request.messages();
		return !messages.isEmpty() && messages.get(0) instanceof SystemMessage system
				&& system.content().equals(INSTRUCTIONS);
	}

}
