package dev.agentserve.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelRegistry;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.UserMessage;
import dev.agentserve.tool.ToolOutcome;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an agent as a child run inside its parent's turn (DESIGN.md §13): its own model,
 * tools, system prompt, steps and timeout, on a fresh context. Its events join the
 * parent's stream, each as a {@link TurnEvent.Nested} tagged with the child's path and
 * the call that started it; they are logged with the turn's {@code seq} like any other.
 * Its tokens count in the parent's usage and budgets as they are used. Cancelling the
 * parent's stream (a cancel, the turn timeout, a limit) disposes the child's model stream
 * and tools with it.
 */
final class ChildRuns {

	/** The prefix of the tool through which an agent delegates to a sub-agent. */
	static final String PREFIX = "agent__";

	private final AgentLoop loop;

	private final ModelRegistry models;

	private final Clock clock;

	private final JsonMapper json;

	private final Function<String, AgentSpec> specs;

	final DelegationProperties limits;

	ChildRuns(AgentLoop loop, ModelRegistry models, Clock clock, JsonMapper json, Function<String, AgentSpec> specs,
			DelegationProperties limits) {
		this.loop = loop;
		this.models = models;
		this.clock = clock;
		this.json = json;
		this.specs = specs;
		this.limits = limits;
	}

	/**
	 * How a child run ended: its answer, or why it has none (for its parent's model).
	 */
	record Result(@Nullable String answer, @Nullable String error, RunInfo info) {

		boolean failed() {
			return this.answer == null;
		}

	}

	/** The tool a parent's model calls to delegate to {@code sub}. */
	ToolDefinition definition(String sub) {
		AgentSpec spec = this.specs.apply(sub);
		ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
		parameters.putObject("properties")
			.putObject("task")
			.put("type", "string")
			.put("description", "What the " + sub + " agent is to do, with everything it needs to know");
		parameters.putArray("required").add("task");
		String description = spec.description().isBlank() ? "Delegates a task to the " + sub + " agent"
				: spec.description();
		return new ToolDefinition(PREFIX + sub, description + " (a sub-agent: give it a task, it answers)", parameters);
	}

	/** Whether a call of {@code tool} by this run's model is a delegation. */
	boolean isDelegation(LoopState state, String tool) {
		return tool.startsWith(PREFIX) && state.run.spec().subAgents().contains(tool.substring(PREFIX.length()));
	}

	/**
	 * Runs a round's delegations, at most {@code max-parallel} at once: each child's
	 * events, then the delegation's {@code tool_result} (the child's answer, or its
	 * failure as a tool error).
	 */
	Flux<TurnEvent> delegate(LoopState state, int step, List<ToolCall> calls, List<ToolOutcome> outcomes) {
		return Flux.fromIterable(calls)
			.flatMap((call) -> delegate(state, step, call, outcomes), this.limits.maxParallel());
	}

	private Flux<TurnEvent> delegate(LoopState state, int step, ToolCall call, List<ToolOutcome> outcomes) {
		return Flux.defer(() -> {
			String sub = call.name().substring(PREFIX.length());
			String task = call.arguments().path("task").asString("");
			long start = this.clock.millis();
			String refusal = refusal(state, sub, task);
			if (refusal != null) {
				return Mono.just(state.ended(step, ToolOutcome.failure(call.id(), call.name(), refusal, 0), outcomes));
			}
			List<Message> context = new ArrayList<>();
			if (this.specs.apply(sub).shareHistory()) {
				context.addAll(shared(state.messages));
			}
			context.add(new UserMessage(task));
			Result[] result = new Result[1];
			return run(state, sub, context, call.id(), (ended) -> result[0] = ended)
				.concatWith(Mono.fromSupplier(() -> {
					long duration = this.clock.millis() - start;
					ToolOutcome outcome = result[0].failed()
							? new ToolOutcome(call.id(), call.name(), null, result[0].error(), duration,
									ToolOutcome.ERROR, 1)
							: new ToolOutcome(call.id(), call.name(),
									this.json.createObjectNode().put("agent", sub).put("answer", result[0].answer()),
									null, duration, ToolOutcome.OK, 1);
					return state.ended(step, outcome, outcomes);
				}));
		});
	}

	private @Nullable String refusal(LoopState state, String sub, String task) {
		if (state.depth >= this.limits.maxDepth()) {
			return "The " + sub + " agent cannot be called here: delegations nest at most " + this.limits.maxDepth()
					+ " deep (agentserve.delegation.max-depth); do the task yourself";
		}
		if (task.isBlank()) {
			return "Give the " + sub + " agent a task: {\"task\": \"...\"}";
		}
		if (!state.claimChildRun(this.limits.maxRuns())) {
			return "This turn already started " + this.limits.maxRuns()
					+ " sub-agent runs (agentserve.delegation.max-runs); answer with what you have";
		}
		return null;
	}

	/**
	 * The parent's conversation for a sub-agent that shares it: without the parent's
	 * system prompt, and up to the round that delegates (whose calls have no results
	 * yet).
	 */
	private static List<Message> shared(List<Message> messages) {
		List<Message> shared = new ArrayList<>();
		for (Message message : List.copyOf(messages)) {
			if (!(message instanceof SystemMessage)) {
				shared.add(message);
			}
		}
		return HistoryRepair.complete(shared);
	}

	/**
	 * Runs {@code agent} as a child of {@code parent} on {@code messages} (after its own
	 * system prompt), tagging its events with its path and {@code parentCallId}; tells
	 * {@code ended} how it ended before completing (also when it is cancelled, then
	 * without completing).
	 */
	Flux<TurnEvent> run(LoopState parent, String agent, List<Message> messages, String parentCallId,
			Consumer<Result> ended) {
		return Flux.defer(() -> {
			AgentSpec spec = this.specs.apply(agent);
			ModelRegistry.ResolvedModel model = this.models.resolve(spec.model());
			List<Message> context = new ArrayList<>(messages.size() + 1);
			context.add(new SystemMessage(spec.systemPrompt()));
			context.addAll(messages);
			AgentRun run = new AgentRun(agent, spec, context, parent.run.userId(), parent.run.sessionId(),
					parent.run.turnId(), parent.run.tokensUsedBefore(), Mono.never(), parent.run.maxEvents(),
					parent.run.spending());
			String path = parent.path + "/" + agent;
			LoopState state = new LoopState(run, model, this.loop.toolsOf(spec), this.clock, parent.observation, parent,
					path);
			this.loop.teach(state);
			AtomicBoolean reported = new AtomicBoolean();
			Runnable report = () -> {
				if (reported.compareAndSet(false, true)) {
					Result result = result(state, parentCallId);
					parent.addChild(result.info());
					ended.accept(result);
				}
			};
			return this.loop.round(state).onErrorResume((ex) -> Flux.just(AgentLoop.failure(ex))).takeUntil((event) -> {
				if (event.terminal()) {
					state.end(event);
					return true;
				}
				return false;
			})
				.takeUntilOther(state.deadline.reached().doOnNext((reached) -> state.end(AgentLoop.timedOut(run))))
				.filter((event) -> !event.terminal())
				.map((event) -> (event instanceof TurnEvent.Nested) ? event
						: new TurnEvent.Nested(path, parentCallId, event))
				.concatWith(Mono.fromRunnable(report))
				.doOnCancel(() -> {
					state.end(new TurnEvent.Cancelled("the parent run ended"));
					report.run();
				});
		});
	}

	private Result result(LoopState state, String parentCallId) {
		TurnEvent ending = state.ending();
		String status;
		String answer = null;
		String error;
		switch (ending) {
			case TurnEvent.Done done -> {
				status = "done";
				answer = done.response();
				error = null;
			}
			case TurnEvent.Failed failed -> {
				status = failed.code();
				error = "The " + state.run.agentType() + " agent failed (" + failed.code() + "): " + failed.message();
			}
			case null -> {
				status = ErrorCodes.INTERNAL;
				error = "The " + state.run.agentType() + " agent stopped without an answer";
			}
			default -> {
				status = "cancelled";
				error = "The " + state.run.agentType() + " agent was cancelled";
			}
		}
		TokenUsage usage = state.usage();
		RunInfo info = new RunInfo(state.path, parentCallId, status, state.step(), usage, state.elapsedMillis(),
				state.children());
		return new Result(answer, error, info);
	}

}
