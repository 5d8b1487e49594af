package dev.agentserve.tool;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one tool call: exactly one of {@code result} and {@code error}.
 *
 * @param outcome {@code ok}, or why not: {@code error}, {@code timeout},
 * {@code invalid_arguments}, {@code unknown_tool}, {@code limited} (the session's
 * tool-call quota), {@code refused} (by the loop before it reached the executor: a
 * repeated call, arguments that are no JSON, a rejected or expired approval)
 * @param attempts the times the tool itself ran (retries included); 0 when it never ran
 * @param cached whether the result came from the tool's result cache
 */
public record ToolOutcome(String callId, String tool, @Nullable JsonNode result, @Nullable String error,
		long durationMs, String outcome, int attempts, boolean cached) {

	public static final String OK = "ok";

	public static final String ERROR = "error";

	public static final String TIMEOUT = "timeout";

	public static final String INVALID_ARGUMENTS = "invalid_arguments";

	public static final String UNKNOWN_TOOL = "unknown_tool";

	public static final String LIMITED = "limited";

	public static final String REFUSED = "refused";

	/** The tool is unavailable (its server is down, its breaker open) or rate limited. */
	public static final String UNAVAILABLE = "unavailable";

	public ToolOutcome {
		Objects.requireNonNull(callId, "callId");
		Objects.requireNonNull(tool, "tool");
		Objects.requireNonNull(outcome, "outcome");
		if ((result == null) == (error == null)) {
			throw new IllegalArgumentException("exactly one of result and error");
		}
		if (attempts < 0) {
			throw new IllegalArgumentException("attempts must not be negative");
		}
	}

	public ToolOutcome(String callId, String tool, @Nullable JsonNode result, @Nullable String error, long durationMs,
			String outcome, int attempts) {
		this(callId, tool, result, error, durationMs, outcome, attempts, false);
	}

	/** A call the loop refused before it reached the executor. */
	public static ToolOutcome failure(String callId, String tool, String error, long durationMs) {
		return new ToolOutcome(callId, tool, null, error, durationMs, REFUSED, 0);
	}

	public boolean failed() {
		return this.error != null;
	}

}
