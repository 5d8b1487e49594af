package dev.agentserve.event;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What happens during a turn, as clients see it (DESIGN.md §4). The envelope
 * ({@code sessionId}, {@code turnId}, {@code seq}, {@code ts}) is added by
 * {@link EventCodec} when the event is logged.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = TurnEvent.TurnStarted.class, name = "turn_started"),
		@JsonSubTypes.Type(value = TurnEvent.Thought.class, name = "thought"),
		@JsonSubTypes.Type(value = TurnEvent.ToolCallRequested.class, name = "tool_call"),
		@JsonSubTypes.Type(value = TurnEvent.ToolResult.class, name = "tool_result"),
		@JsonSubTypes.Type(value = TurnEvent.Response.class, name = "response"),
		@JsonSubTypes.Type(value = TurnEvent.Done.class, name = "done"),
		@JsonSubTypes.Type(value = TurnEvent.Failed.class, name = "error"),
		@JsonSubTypes.Type(value = TurnEvent.Cancelled.class, name = "cancelled"),
		@JsonSubTypes.Type(value = TurnEvent.ApprovalRequired.class, name = "approval_required"),
		@JsonSubTypes.Type(value = TurnEvent.Plan.class, name = "plan"),
		@JsonSubTypes.Type(value = TurnEvent.TaskUpdate.class, name = "task_update") })
public sealed interface TurnEvent {

	/** Whether this event ends the turn; exactly one per turn, nothing after it. */
	@JsonIgnore
	default boolean terminal() {
		return false;
	}

	/** The wire name of this event's type. */
	@JsonIgnore
	default String type() {
		return EventTypes.nameOf(this);
	}

	/** The first event of every turn. */
	record TurnStarted(String agentType, String message) implements TurnEvent {
	}

	/** A delta of the model's reasoning in step {@code step}. */
	record Thought(int step, String content) implements TurnEvent {
	}

	/** The model asked for a tool; {@code args} are complete. */
	record ToolCallRequested(int step, String callId, String tool, JsonNode args) implements TurnEvent {
	}

	/**
	 * A tool's outcome: {@code result} or {@code error}; {@code cached: true} when the
	 * result came from the tool's result cache (absent otherwise).
	 */
	record ToolResult(int step, String callId, String tool, @Nullable JsonNode result, @Nullable String error,
			long durationMs, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean cached) implements TurnEvent {

		public ToolResult(int step, String callId, String tool, @Nullable JsonNode result, @Nullable String error,
				long durationMs) {
			this(step, callId, tool, result, error, durationMs, null);
		}

	}

	/** The turn waits for the session owner to approve, reject or edit a tool call. */
	record ApprovalRequired(int step, String callId, String tool, JsonNode args,
			java.time.Instant expiresAt) implements TurnEvent {
	}

	/** A delta of the answer in step {@code step}. */
	record Response(int step, String content) implements TurnEvent {
	}

	/**
	 * Terminal: the agent answered. {@code cost} is what the turn's tokens cost at its
	 * model's price; absent (not zero) when the model has no price.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Done(String response, int steps, TokenUsage usage, long durationMs,
			@Nullable Cost cost) implements TurnEvent {

		public Done(String response, int steps, TokenUsage usage, long durationMs) {
			this(response, steps, usage, durationMs, null);
		}

		@Override
		public boolean terminal() {
			return true;
		}

	}

	/** Terminal: the turn failed; {@code code} is one of {@link ErrorCodes}. */
	record Failed(String code, String message) implements TurnEvent {

		public Failed {
			Objects.requireNonNull(code, "code");
			Objects.requireNonNull(message, "message");
		}

		@Override
		public boolean terminal() {
			return true;
		}

	}

	/** Terminal: the turn was cancelled. */
	record Cancelled(String reason) implements TurnEvent {

		@Override
		public boolean terminal() {
			return true;
		}

	}

	/**
	 * An event of a child run (a sub-agent's delegation or a workflow's task), streamed
	 * inside its parent's turn: the child's own event with {@code agent}, the path of the
	 * run that emitted it (e.g. {@code assistant/researcher}), and {@code parentCallId},
	 * the call (or workflow task) that started that run. On the wire it is the inner
	 * event with these two fields added ({@link EventCodec}); it is never terminal: a
	 * child's end is its parent's {@code tool_result} (or {@code task_update}).
	 */
	record Nested(String agent, String parentCallId, TurnEvent event) implements TurnEvent {

		public Nested {
			Objects.requireNonNull(agent, "agent");
			Objects.requireNonNull(parentCallId, "parentCallId");
			if (event.terminal() || event instanceof Nested) {
				throw new IllegalArgumentException("Only a child's own non-terminal events are nested: " + event);
			}
		}

	}

	/** A workflow's plan: its tasks, in the order they were planned. */
	record Plan(List<PlanTask> tasks) implements TurnEvent {

		public Plan {
			tasks = List.copyOf(tasks);
		}

	}

	/**
	 * One task of a workflow's plan.
	 *
	 * @param status {@code pending} in a {@code plan} event
	 */
	record PlanTask(String taskId, String agent, String task, List<String> dependsOn, String status) {

		public PlanTask {
			Objects.requireNonNull(taskId, "taskId");
			Objects.requireNonNull(agent, "agent");
			Objects.requireNonNull(task, "task");
			dependsOn = List.copyOf(dependsOn);
			Objects.requireNonNull(status, "status");
		}

	}

	/**
	 * A workflow task changed status: {@code running}, {@code rejected} (by the
	 * validator, another attempt follows), {@code done}, {@code failed} or
	 * {@code skipped} (a task it depends on failed). {@code attempt} counts from 1 (0 for
	 * a skipped task).
	 */
	record TaskUpdate(String taskId, String status, int attempt) implements TurnEvent {

		public TaskUpdate {
			Objects.requireNonNull(taskId, "taskId");
			Objects.requireNonNull(status, "status");
		}

	}

}
