package dev.agentserve.event;

/** The {@code code} values of terminal {@code error} events. */
public final class ErrorCodes {

	/** The agent used all its model rounds ({@code maxSteps}) without answering. */
	public static final String MAX_STEPS = "max_steps";

	/** The turn ran longer than the agent's {@code turnTimeout}. */
	public static final String TIMEOUT = "timeout";

	/** The model call failed or its stream was malformed. */
	public static final String MODEL_ERROR = "model_error";

	/** The model stopped at its output-token limit before answering. */
	public static final String LENGTH = "length";

	/** The model kept repeating the same tool call after being told. */
	public static final String LOOP_DETECTED = "loop_detected";

	/** The session used its agent's token budget. */
	public static final String BUDGET = "budget";

	/** The turn produced more events than a turn may hold. */
	public static final String EVENT_LIMIT = "event_limit";

	/** The replica running the turn stopped or lost its lease. */
	public static final String INTERRUPTED = "interrupted";

	/** An unexpected failure inside the service. */
	public static final String INTERNAL = "internal";

	/** The session store was unavailable while the turn ran; send the message again. */
	public static final String UNAVAILABLE = "unavailable";

	/** A workflow's planner gave no valid plan, even after being told what was wrong. */
	public static final String INVALID_PLAN = "invalid_plan";

	/** A workflow's planner or synthesizer run failed. */
	public static final String WORKFLOW_FAILED = "workflow_failed";

	private ErrorCodes() {
	}

}
