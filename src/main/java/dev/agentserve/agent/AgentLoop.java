package dev.agentserve.agent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import dev.agentserve.approval.ApprovalDecision;
import dev.agentserve.approval.ApprovalGate;
import dev.agentserve.approval.ClientToolGate;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelException;
import dev.agentserve.model.ModelRegistry;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.telemetry.TurnObservation;
import dev.agentserve.telemetry.TurnTelemetry;
import dev.agentserve.tool.ToolExecutor;
import dev.agentserve.tool.ToolProperties;
import dev.agentserve.tool.ToolOutcome;
import dev.agentserve.tool.ToolRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The ReAct loop: stream a model round, emit its thought and response deltas, run the
 * tool calls it asked for (in parallel), feed the results back, and repeat until the
 * model answers or a limit ends the turn. Ends with exactly one terminal event
 * ({@code done}, {@code error} or {@code cancelled}) and the turn's {@link LoopReport},
 * built from the per-turn state after everything else was emitted. Per-turn state lives
 * in {@link LoopState}, created inside {@code Flux.defer}; each round continues with
 * {@code concatWith(Flux.defer(next round))}. The turn timeout is a {@link TurnDeadline}
 * of that state, stopped while a call waits for approval.
 */
@Component
public class AgentLoop {

	private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);

	private final ModelRegistry models;

	private final ToolRegistry toolRegistry;

	private final ToolExecutor tools;

	private final JsonMapper json;

	private final TextProtocol protocol;

	private final ToolProperties toolProperties;

	private final ApprovalGate approvals;

	private final Clock clock;

	private final TurnTelemetry telemetry;

	private final ClientToolGate clientTools;

	/** Runs sub-agents and workflow tasks as child runs of a turn. */
	private final ChildRuns children;

	private final @Nullable AgentCatalog catalog;

	private final Workflows workflows;

	/** A loop whose agents have no sub-agents, no workflows and no client tools. */
	AgentLoop(ModelRegistry models, ToolRegistry toolRegistry, ToolExecutor tools, JsonMapper json,
			ToolProperties toolProperties, ApprovalGate approvals, Clock clock, TurnTelemetry telemetry) {
		this(models, toolRegistry, tools, json, toolProperties, approvals, clock, telemetry, null,
				DelegationProperties.DEFAULTS, ClientToolGate.NONE);
	}

	@Autowired
	AgentLoop(ModelRegistry models, ToolRegistry toolRegistry, ToolExecutor tools, JsonMapper json,
			ToolProperties toolProperties, ApprovalGate approvals, Clock clock, TurnTelemetry telemetry,
			@Nullable AgentCatalog catalog, DelegationProperties delegation, ClientToolGate clientTools) {
		this.clientTools = clientTools;
		this.catalog = catalog;
		this.children = new ChildRuns(this, models, clock, json, (name) -> requireCatalog().require(name), delegation);
		this.workflows = new Workflows(this.children, json, delegation);
		this.telemetry = telemetry;
		this.toolProperties = toolProperties;
		this.approvals = approvals;
		this.clock = clock;
		this.models = models;
		this.toolRegistry = toolRegistry;
		this.tools = tools;
		this.json = json;
		this.protocol = new TextProtocol(json);
	}

	/**
	 * Runs one turn: an {@link LoopSignal.Emitted} per event, then one
	 * {@link LoopSignal.Ended} with the terminal event and the {@link LoopReport}, for
	 * every ending. A cancel ({@link AgentRun#cancel()}), the turn timeout and the event
	 * limit dispose the running round (its model stream, tools and approval waits) and
	 * end the turn here too; the first ending claimed is the one reported.
	 */
	public Flux<LoopSignal> run(AgentRun run) {
		return Flux.deferContextual((context) -> {
			ModelRegistry.ResolvedModel model = this.models.resolve(run.spec().model());
			TurnObservation observation = this.telemetry.startTurn(run.agentType(), provider(model), modelName(model),
					run.sessionId(), run.turnId(), context);
			LoopState state = new LoopState(run, model, offered(run), this.clock, observation);
			WorkflowSpec workflow = (this.catalog != null) ? this.catalog.workflow(run.agentType()).orElse(null) : null;
			if (state.textMode && workflow == null) {
				state.teach(this.protocol.instructions(state.tools));
			}
			Flux<TurnEvent> turn = (workflow != null) ? this.workflows.run(state, workflow) : round(state);
			Flux<LoopSignal> events = turn.onErrorResume((ex) -> Flux.just(failure(ex)))
				.takeUntil((event) -> endsTheTurn(state, event))
				.filter((event) -> !event.terminal())
				.<LoopSignal>map((event) -> {
					observation.firstEvent();
					return new LoopSignal.Emitted(event, state.usage());
				})
				.takeUntilOther(state.deadline.reached().doOnNext((reached) -> state.end(timedOut(run))))
				.takeUntilOther(run.cancel().doOnNext((reason) -> state.end(new TurnEvent.Cancelled(reason))));
			return events.concatWith(Mono.fromSupplier(() -> {
				if (state.ending() == null) {
					state.end(failure(new IllegalStateException("The loop stopped without ending the turn")));
				}
				TurnEvent ending = state.ending();
				observation.end(outcome(ending), state.usage().inputTokens(), state.usage().outputTokens());
				return new LoopSignal.Ended(ending, state.report());
			})).doOnCancel(observation::abandon).contextWrite((inner) -> TurnTelemetry.withParent(inner, observation));
		});
	}

	/** The agent's tools and, after them, the client's. */
	private List<ToolDefinition> offered(AgentRun run) {
		List<ToolDefinition> agents = toolsOf(run.spec());
		if (run.clientTools().isEmpty()) {
			return agents;
		}
		List<ToolDefinition> all = new ArrayList<>(agents);
		all.addAll(run.clientTools());
		return all;
	}

	/**
	 * The provider tag of a model: its reference's prefix ({@code demo}, {@code openai},
	 * an endpoint).
	 */
	private static String provider(ModelRegistry.ResolvedModel model) {
		int colon = model.reference().indexOf(':');
		return (colon < 0) ? model.reference() : model.reference().substring(0, colon);
	}

	private static String modelName(ModelRegistry.ResolvedModel model) {
		return model.name().isEmpty() ? provider(model) : model.name();
	}

	/** A turn's outcome tag: {@code done}, {@code cancelled} or the error code. */
	private static String outcome(TurnEvent ending) {
		return switch (ending) {
			case TurnEvent.Done done -> "done";
			case TurnEvent.Cancelled cancelled -> "cancelled";
			case TurnEvent.Failed failed -> failed.code();
			default -> "unknown";
		};
	}

	/**
	 * Counts an event; true when it ends the turn: it is terminal, or the last one the
	 * event limit allows.
	 */
	private static boolean endsTheTurn(LoopState state, TurnEvent event) {
		if (event.terminal()) {
			state.end(event);
			return true;
		}
		if (++state.emitted >= state.run.loopEvents()) {
			state.end(new TurnEvent.Failed(ErrorCodes.EVENT_LIMIT,
					"The turn produced more than " + state.run.maxEvents() + " events"));
			return true;
		}
		return false;
	}

	private AgentCatalog requireCatalog() {
		if (this.catalog == null) {
			throw new IllegalStateException("This loop has no agent catalog to find sub-agents in");
		}
		return this.catalog;
	}

	/** What an agent's model is offered: its tools, then its sub-agents. */
	List<ToolDefinition> toolsOf(AgentSpec spec) {
		List<ToolDefinition> definitions = this.toolRegistry.definitions(spec.tools());
		if (spec.subAgents().isEmpty()) {
			return definitions;
		}
		List<ToolDefinition> all = new ArrayList<>(definitions);
		for (String sub : spec.subAgents()) {
			all.add(this.children.definition(sub));
		}
		return all;
	}

	/** Whether the text protocol's instructions are to be added to a run's context. */
	void teach(LoopState state) {
		if (state.textMode) {
			state.teach(this.protocol.instructions(state.tools));
		}
	}

	Flux<TurnEvent> round(LoopState state) {
		return Flux.defer(() -> {
			if (state.step() >= state.run.spec().maxSteps()) {
				return Flux.just(new TurnEvent.Failed(ErrorCodes.MAX_STEPS,
						"The agent used all " + state.run.spec().maxSteps() + " steps without a final answer"));
			}
			int step = state.nextStep();
			RoundAssembler round = new RoundAssembler(step, state.textMode);
			ModelRequest request = new ModelRequest(state.model.name(), state.messages,
					state.textMode ? List.of() : state.tools, state.run.spec().modelOptions());
			RoundProbe probe = new RoundProbe(state, step);
			return probe.observe(state.model.client().stream(request), round).doOnNext((event) -> {
				if (event instanceof TurnEvent.Response response) {
					state.appendResponse(response.content());
				}
			}).concatWith(Flux.defer(() -> afterRound(state, round)));
		});
	}

	private Flux<TurnEvent> afterRound(LoopState state, RoundAssembler round) {
		state.addUsage(round.usage());
		LoopState root = state.root();
		if (overBudget(root)) {
			return Flux.just(new TurnEvent.Failed(ErrorCodes.BUDGET, "The session used its token budget of "
					+ root.run.spec().tokenBudget() + " tokens (agentserve.agents.<type>.token-budget)"));
		}
		String overSpent = root.run.spending().exceeded(root.usage());
		if (overSpent != null) {
			return Flux.just(new TurnEvent.Failed(ErrorCodes.BUDGET, overSpent));
		}
		if (state.textMode) {
			return textRound(state, round);
		}
		List<ToolCall> calls = new ArrayList<>();
		List<ToolOutcome> refused = new ArrayList<>();
		for (RoundAssembler.PendingCall pending : round.calls()) {
			JsonNode arguments = parseArguments(pending, refused);
			calls.add(new ToolCall(pending.id, pending.name, arguments));
		}
		if (calls.isEmpty()) {
			return finalAnswer(state, round);
		}
		state.add(new AssistantMessage(round.text(), calls, round.reasoning()));
		return runTools(state, round.step(), calls, refused, false);
	}

	/**
	 * A round of the text protocol: the reply is a tool call, the answer, or malformed
	 * (which the model is told as an observation).
	 */
	private Flux<TurnEvent> textRound(LoopState state, RoundAssembler round) {
		if (ModelEvent.Finish.LENGTH.equals(round.finishReason())) {
			return finalAnswer(state, round);
		}
		return switch (this.protocol.parse(round.text(), state.tools)) {
			case TextProtocol.Step.Answer answer -> {
				state.appendResponse(answer.text());
				TurnEvent.Done done = new TurnEvent.Done(answer.text(), round.step(), state.usage(),
						state.elapsedMillis(), state.cost());
				state.answer(new AssistantMessage(answer.text(), List.of()), done);
				yield Flux.just(new TurnEvent.Response(round.step(), answer.text()), done);
			}
			case TextProtocol.Step.Malformed malformed -> {
				state.add(new AssistantMessage(round.text(), List.of()));
				state.add(new UserMessage("Observation: your reply did not follow the format: " + malformed.problem()
						+ ". Reply with Action and Action Input, or with Final Answer."));
				yield round(state);
			}
			case TextProtocol.Step.Action action -> {
				state.add(new AssistantMessage(round.text(), List.of()));
				ToolCall call = new ToolCall("text_call_" + round.step(), action.tool(), action.arguments());
				yield runTools(state, round.step(), List.of(call), new ArrayList<>(), true);
			}
		};
	}

	/**
	 * Runs a round's tool calls (except those already refused), emitting their events,
	 * then feeds the outcomes back (as tool messages, or as observations for the text
	 * protocol) and starts the next round.
	 */
	private Flux<TurnEvent> runTools(LoopState state, int step, List<ToolCall> calls, List<ToolOutcome> refused,
			boolean asObservations) {
		Flux<TurnEvent> requested = Flux.fromIterable(calls)
			.map((call) -> new TurnEvent.ToolCallRequested(step, call.id(), call.name(), call.arguments()));
		List<ToolCall> runnable = new ArrayList<>();
		List<ToolCall> gated = new ArrayList<>();
		List<ToolCall> delegated = new ArrayList<>();
		List<ToolCall> client = new ArrayList<>();
		for (ToolCall call : calls) {
			boolean alreadyRefused = refused.stream().anyMatch((outcome) -> outcome.callId().equals(call.id()));
			if (alreadyRefused) {
				continue;
			}
			if (state.run.isClientTool(call.name())) {
				client.add(call);
				continue;
			}
			if (state.firstTime(call.name(), call.arguments())) {
				if (this.children.isDelegation(state, call.name())) {
					delegated.add(call);
				}
				else {
					(this.toolProperties.requiresApproval(call.name()) ? gated : runnable).add(call);
				}
			}
			else if (++state.repeatedCalls > 1) {
				return requested.concatWith(Mono.just(new TurnEvent.Failed(ErrorCodes.LOOP_DETECTED,
						"The model kept calling " + call.name() + " with the same arguments after being told")));
			}
			else {
				refused.add(ToolOutcome.failure(call.id(), call.name(), "You already called " + call.name()
						+ " with exactly these arguments in this turn. Use the earlier result or answer the user.", 0));
			}
		}
		// Delegations add their outcomes from their own threads.
		List<ToolOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
		Flux<TurnEvent> toolResults = Flux
			.concat(Flux.fromIterable(refused),
					this.tools.execute(runnable, state.run.spec().tools(), state.run.toolContext()))
			.map((outcome) -> state.ended(step, outcome, outcomes));
		Flux<TurnEvent> results = delegated.isEmpty() ? toolResults
				: Flux.merge(toolResults, this.children.delegate(state, step, delegated, outcomes));
		Flux<TurnEvent> approvals = Flux.fromIterable(gated).concatMap((call) -> Flux.defer(() -> {
			Instant expiresAt = state.clock.instant()
				.plus(this.toolProperties.approvalTimeout())
				.truncatedTo(ChronoUnit.MILLIS);
			return Flux.concat(
					Mono.just(
							new TurnEvent.ApprovalRequired(step, call.id(), call.name(), call.arguments(), expiresAt)),
					awaitApproval(state, step, call, expiresAt, outcomes));
		}));
		Flux<TurnEvent> clientResults = Flux.fromIterable(client)
			.concatMap((call) -> awaitClient(state, step, call, outcomes));
		return requested.concatWith(results)
			.concatWith(approvals)
			.concatWith(clientResults)
			.concatWith(Flux.defer(() -> {
				outcomes.sort(Comparator.comparingInt((outcome) -> indexOf(calls, outcome.callId())));
				for (ToolOutcome outcome : outcomes) {
					String content = outcome.failed() ? outcome.error()
							: this.json.writeValueAsString(outcome.result());
					state.add(asObservations
							? new UserMessage("Observation: " + (outcome.failed() ? "Error: " : "") + content)
							: new ToolMessage(outcome.callId(), outcome.tool(), content, outcome.failed()));
				}
				return round(state);
			}));
	}

	/**
	 * Waits for the owner's decision, with the turn clock paused, then runs the call as
	 * decided (or reports why not). An edit first emits the call again with the edited
	 * arguments, so the stream shows what ran.
	 */
	private Flux<TurnEvent> awaitApproval(LoopState state, int step, ToolCall call, Instant expiresAt,
			List<ToolOutcome> outcomes) {
		Mono<ApprovalDecision> decision = state.deadline
			.pausedDuring(() -> this.approvals.await(state.run.sessionId(), state.run.turnId(), call, expiresAt))
			.defaultIfEmpty(ApprovalDecision.expired())
			.onErrorReturn(ApprovalDecision.expired());
		return decision.flatMapMany((decided) -> {
			Flux<TurnEvent> edited = Flux.empty();
			Mono<ToolOutcome> outcome = switch (decided.kind()) {
				case APPROVE -> this.tools.execute(call, state.run.spec().tools(), state.run.toolContext());
				case EDIT -> {
					ToolCall edit = new ToolCall(call.id(), call.name(), decided.args());
					edited = Flux.just(new TurnEvent.ToolCallRequested(step, call.id(), call.name(), decided.args()));
					yield this.tools.execute(edit, state.run.spec().tools(), state.run.toolContext());
				}
				case REJECT -> Mono.just(ToolOutcome.failure(call.id(), call.name(),
						"The user rejected this call of " + call.name() + "; do not retry it without asking", 0));
				case EXPIRED -> Mono.just(ToolOutcome.failure(call.id(), call.name(),
						"No one approved this call of " + call.name() + " before it expired", 0));
			};
			return edited.concatWith(outcome.map((done) -> state.ended(step, done, outcomes)));
		});
	}

	/**
	 * Waits, with the turn clock paused, for the result of a tool the client runs (at
	 * most the approval timeout).
	 */
	private Flux<TurnEvent> awaitClient(LoopState state, int step, ToolCall call, List<ToolOutcome> outcomes) {
		Instant expiresAt = state.clock.instant().plus(this.toolProperties.approvalTimeout());
		long started = state.clock.millis();
		return state.deadline
			.pausedDuring(() -> this.clientTools.await(state.run.sessionId(), state.run.turnId(), call, expiresAt))
			.map((answer) -> {
				long took = state.clock.millis() - started;
				ToolOutcome outcome = (answer.error() != null)
						? ToolOutcome.failure(call.id(), call.name(), answer.error(), took) : new ToolOutcome(call.id(),
								call.name(), resultNode(answer.content()), null, took, ToolOutcome.OK, 1);
				return (TurnEvent) state.ended(step, outcome, outcomes);
			})
			.flux();
	}

	/** A client's result: its JSON when it is JSON, else the text. */
	private JsonNode resultNode(@Nullable String content) {
		String text = (content != null) ? content : "";
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return JsonNodeFactory.instance.stringNode(text);
		}
	}

	private Flux<TurnEvent> finalAnswer(LoopState state, RoundAssembler round) {
		if (ModelEvent.Finish.LENGTH.equals(round.finishReason())) {
			return Flux.just(new TurnEvent.Failed(ErrorCodes.LENGTH,
					"The model reached its output limit in step " + round.step() + " before finishing its answer"));
		}
		TurnEvent.Done done = new TurnEvent.Done(round.text(), round.step(), state.usage(), state.elapsedMillis(),
				state.cost());
		state.answer(new AssistantMessage(round.text(), List.of(), round.reasoning()), done);
		return Flux.just(done);
	}

	private JsonNode parseArguments(RoundAssembler.PendingCall pending, List<ToolOutcome> refused) {
		String text = pending.arguments.toString();
		if (text.isBlank()) {
			return JsonNodeFactory.instance.objectNode();
		}
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			refused.add(ToolOutcome.failure(pending.id, pending.name,
					"The arguments are not valid JSON (" + ex.getOriginalMessage() + "); send a JSON object", 0));
			return JsonNodeFactory.instance.stringNode(text);
		}
	}

	private static boolean overBudget(LoopState state) {
		long budget = state.run.spec().tokenBudget();
		TokenUsage usage = state.usage();
		return budget > 0 && state.run.tokensUsedBefore() + usage.inputTokens() + usage.outputTokens() > budget;
	}

	private static int indexOf(List<ToolCall> calls, String callId) {
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).id().equals(callId)) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

	static TurnEvent.Failed timedOut(AgentRun run) {
		return new TurnEvent.Failed(ErrorCodes.TIMEOUT,
				"The turn did not finish within " + run.spec().turnTimeout().toMillis() + " ms");
	}

	static TurnEvent.Failed failure(Throwable ex) {
		if (ex instanceof ModelException) {
			return new TurnEvent.Failed(ErrorCodes.MODEL_ERROR, ex.getMessage());
		}
		log.error("Agent loop failed", ex);
		return new TurnEvent.Failed(ErrorCodes.INTERNAL, "The agent failed unexpectedly; see the service log");
	}

}
