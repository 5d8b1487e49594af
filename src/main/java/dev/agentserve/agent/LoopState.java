package dev.agentserve.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ModelRegistry.ResolvedModel;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.telemetry.TurnObservation;
import dev.agentserve.tool.ToolOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The mutable state of one running turn, confined to its sequential flow, except what its
 * end reads: a cancel or the timeout ends the turn from another thread, so the ending is
 * claimed once and what the turn added is read and written under this state's lock.
 */
final class LoopState {

	final AgentRun run;

	final ResolvedModel model;

	final List<ToolDefinition> tools;

	final List<Message> messages;

	final Clock clock;

	final long startMillis;

	final TurnDeadline deadline;

	final TurnObservation observation;

	private final Set<CallSignature> seenCalls = new HashSet<>();

	/** What the turn adds to the conversation, in order. */
	private final List<Message> added = new ArrayList<>();

	/** The answer streamed so far in the current step (kept when a cancel cuts it). */
	private final StringBuilder partialResponse = new StringBuilder();

	/** Model rounds and tool calls as they ended (bounded by the turn's event limit). */
	private final List<TurnStep> trace = new ArrayList<>();

	/**
	 * The first ending claimed wins: the loop's terminal, a limit, the timeout or a
	 * cancel.
	 */
	private final AtomicReference<TurnEvent> ending = new AtomicReference<>();

	private volatile TokenUsage usage;

	private volatile int step;

	int repeatedCalls;

	/** Non-terminal events emitted so far. */
	int emitted;

	final boolean textMode;

	/** The run that started this one as a child; null for the turn's own run. */
	final @Nullable LoopState parent;

	/** The run's path, {@code assistant/researcher}; the agent type for the turn's. */
	final String path;

	/** 0 for the turn's own run, its parent's plus one for a child. */
	final int depth;

	/** The child runs this run started, as they ended. */
	private final List<RunInfo> children = new ArrayList<>();

	/** Child runs started in the whole turn (counted on the turn's own run). */
	private final AtomicInteger childRuns = new AtomicInteger();

	LoopState(AgentRun run, ResolvedModel model, List<ToolDefinition> tools, Clock clock, TurnObservation observation) {
		this(run, model, tools, clock, observation, null, run.agentType());
	}

	/** A child run's state: its usage also counts in its parent's. */
	LoopState(AgentRun run, ResolvedModel model, List<ToolDefinition> tools, Clock clock, TurnObservation observation,
			@Nullable LoopState parent, String path) {
		this.parent = parent;
		this.path = path;
		this.depth = (parent != null) ? parent.depth + 1 : 0;
		this.run = run;
		this.observation = observation;
		this.clock = clock;
		this.startMillis = clock.millis();
		this.deadline = new TurnDeadline(clock, run.spec().turnTimeout());
		this.model = model;
		this.tools = tools;
		this.messages = new ArrayList<>(run.context());
		this.usage = run.contextUsage();
		this.textMode = run.spec().toolCalling() == ToolCalling.TEXT;
	}

	/**
	 * Appends the text protocol's instructions to the system message (for this turn
	 * only).
	 */
	void teach(String instructions) {
		if (!this.messages.isEmpty() && this.messages.get(0) instanceof SystemMessage system) {
			this.messages.set(0, new SystemMessage(system.content() + instructions));
		}
		else {
			this.messages.add(0, new SystemMessage(instructions.strip()));
		}
	}

	/**
	 * Records a call; false when the same tool was already called with the same
	 * arguments.
	 */
	boolean firstTime(String tool, JsonNode arguments) {
		return this.seenCalls.add(new CallSignature(tool, arguments));
	}

	/** Wall-clock time since the turn started, approval waits included. */
	long elapsedMillis() {
		return this.clock.millis() - this.startMillis;
	}

	int step() {
		return this.step;
	}

	synchronized int nextStep() {
		this.partialResponse.setLength(0);
		return ++this.step;
	}

	synchronized void appendResponse(String delta) {
		this.partialResponse.append(delta);
	}

	synchronized void add(Message message) {
		this.messages.add(message);
		this.added.add(message);
	}

	/**
	 * Ends the turn with its answer, keeping the answer only when nothing ended the turn
	 * first: a cancel that won keeps the partial answer instead, never both.
	 */
	synchronized void answer(AssistantMessage answer, TurnEvent.Done done) {
		if (end(done)) {
			add(answer);
		}
	}

	TokenUsage usage() {
		return this.usage;
	}

	/** What the turn's tokens cost so far; null when its model has no price. */
	@Nullable Cost cost() {
		return root().run.spending().cost(this.usage);
	}

	synchronized void record(TurnStep step) {
		this.trace.add(step);
	}

	/**
	 * A tool call of {@code step} that just ended: added to the round's {@code outcomes},
	 * recorded, and told as its {@code tool_result}.
	 */
	TurnEvent.ToolResult ended(int step, ToolOutcome outcome, List<ToolOutcome> outcomes) {
		outcomes.add(outcome);
		record(step, outcome);
		return new TurnEvent.ToolResult(step, outcome.callId(), outcome.tool(), outcome.result(), outcome.error(),
				outcome.durationMs(), outcome.cached() ? Boolean.TRUE : null);
	}

	/** Records a tool call that just ended, its start taken as now less its duration. */
	void record(int step, ToolOutcome outcome) {
		Instant startedAt = this.clock.instant().minusMillis(outcome.durationMs());
		record(new TurnStep.Tool(step, outcome.callId(), outcome.tool(), startedAt, outcome.durationMs(),
				outcome.outcome(), outcome.attempts()));
	}

	/**
	 * Adds a model round's tokens, to this run and every run above it: the turn's usage
	 * is the whole tree's. Children of one round add theirs from their own threads.
	 */
	void addUsage(TokenUsage round) {
		synchronized (this) {
			this.usage = this.usage.plus(round.inputTokens(), round.outputTokens(), round.reasoningTokens());
		}
		if (this.parent != null) {
			this.parent.addUsage(round);
		}
	}

	/** The turn's own run: the root of the tree. */
	LoopState root() {
		return (this.parent != null) ? this.parent.root() : this;
	}

	/** Claims one more child run of the turn; false once {@code max} have started. */
	boolean claimChildRun(int max) {
		return root().childRuns.incrementAndGet() <= max;
	}

	synchronized void addChild(RunInfo child) {
		this.children.add(child);
	}

	synchronized List<RunInfo> children() {
		return List.copyOf(this.children);
	}

	/** Claims the turn's ending; false when something else ended it first. */
	boolean end(TurnEvent terminal) {
		return this.ending.compareAndSet(null, terminal);
	}

	@Nullable TurnEvent ending() {
		return this.ending.get();
	}

	/**
	 * What the turn added, repaired for the providers; a cancelled turn keeps its partial
	 * answer, marked cancelled.
	 */
	synchronized LoopReport report() {
		List<Message> messages = new ArrayList<>(HistoryRepair.complete(this.added));
		if (this.ending.get() instanceof TurnEvent.Cancelled) {
			messages.add(AssistantMessage.cancelled(this.partialResponse.toString()));
		}
		return new LoopReport(messages, this.usage, this.step, cost(), this.trace, this.observation.traceId(),
				this.children);
	}

	/**
	 * JsonNode equality ignores property order, so {"a":1,"b":2} repeats {"b":2,"a":1}.
	 */
	private record CallSignature(String tool, JsonNode arguments) {
	}

}
