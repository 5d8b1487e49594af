package dev.agentserve.event;

/** Wire names of the event types, as the {@code type} field carries them. */
public final class EventTypes {

	public static final String TURN_STARTED = "turn_started";

	public static final String DONE = "done";

	public static final String ERROR = "error";

	public static final String CANCELLED = "cancelled";

	private EventTypes() {
	}

	static String nameOf(TurnEvent event) {
		return switch (event) {
			case TurnEvent.TurnStarted e -> TURN_STARTED;
			case TurnEvent.Thought e -> "thought";
			case TurnEvent.ToolCallRequested e -> "tool_call";
			case TurnEvent.ToolResult e -> "tool_result";
			case TurnEvent.Response e -> "response";
			case TurnEvent.Done e -> DONE;
			case TurnEvent.Failed e -> ERROR;
			case TurnEvent.Cancelled e -> CANCELLED;
			case TurnEvent.ApprovalRequired e -> "approval_required";
			case TurnEvent.Nested e -> nameOf(e.event());
			case TurnEvent.Plan e -> "plan";
			case TurnEvent.TaskUpdate e -> "task_update";
		};
	}

	/** Whether events of this type end a turn. */
	public static boolean isTerminal(String type) {
		return DONE.equals(type) || ERROR.equals(type) || CANCELLED.equals(type);
	}

}
