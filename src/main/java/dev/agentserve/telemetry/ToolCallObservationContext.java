package dev.agentserve.telemetry;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * One tool call: the tool's name as a tag only when it is registered (a name the model
 * made up would grow the metrics without bound), the call id on the span only.
 */
public final class ToolCallObservationContext extends Observation.Context {

	/** The tag of calls of tools that are not registered or not allowed. */
	public static final String UNKNOWN_TOOL = "unknown";

	private final String tool;

	private final String toolName;

	private final String callId;

	private final String turnId;

	private volatile @Nullable String outcome;

	private volatile int attempts;

	ToolCallObservationContext(String tool, String toolName, String callId, String turnId) {
		this.tool = tool;
		this.toolName = toolName;
		this.callId = callId;
		this.turnId = turnId;
	}

	/** The tag: the registered tool's name, or {@link #UNKNOWN_TOOL}. */
	public String tool() {
		return this.tool;
	}

	/** The name the model asked for (span attribute only). */
	public String toolName() {
		return this.toolName;
	}

	public String callId() {
		return this.callId;
	}

	public String turnId() {
		return this.turnId;
	}

	/** Null until the end. */
	public @Nullable String outcome() {
		return this.outcome;
	}

	public int attempts() {
		return this.attempts;
	}

	void end(String outcome, int attempts) {
		this.outcome = outcome;
		this.attempts = attempts;
	}

}
