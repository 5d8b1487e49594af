package dev.agentserve.agui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.approval.ApprovalException;
import dev.agentserve.approval.ApprovalService;
import dev.agentserve.approval.ClientToolGate;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.session.Session;
import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.InvalidMessageException;
import dev.agentserve.turn.TurnService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * AG-UI runs over the turn engine. A run finds (or makes) the caller's session of the
 * thread, then does what its input asks ({@link AgUiInput}): starts a turn, hands the
 * client's tool results to the turn that waits for them, or decides the approvals its
 * interrupts stood for; then follows the turn, from where the previous run stopped, and
 * translates its events ({@link AgUiRun}). Whatever fails before the stream starts is an
 * HTTP problem (400, 404, 409, 413, 415, 429); after that, {@code RUN_ERROR}.
 */
@Service
public class AgUiService {

	/**
	 * How long an answer may wait for its call to be recorded as waiting: the loop logs
	 * the call before it records it, and a fast client can answer in between.
	 */
	private static final Retry NOT_YET_WAITING = Retry.fixedDelay(30, Duration.ofMillis(100))
		.filter((ex) -> ex instanceof ApprovalException approval
				&& approval.reason() == ApprovalException.Reason.UNKNOWN)
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	private final TurnService turns;

	private final AgUiThreads threads;

	private final ApprovalService approvals;

	private final ClientToolGate clientTools;

	private final AgentCatalog agents;

	private final JsonMapper json;

	AgUiService(TurnService turns, AgUiThreads threads, ApprovalService approvals, ClientToolGate clientTools,
			AgentCatalog agents, JsonMapper json) {
		this.turns = turns;
		this.threads = threads;
		this.approvals = approvals;
		this.clientTools = clientTools;
		this.agents = agents;
		this.json = json;
	}

	/**
	 * Runs {@code input} on the caller's thread; the {@link Mono} answers once the run
	 * has started (a turn started, results handed over, decisions taken), so that its
	 * failures are HTTP answers; the stream it holds is the AG-UI events.
	 */
	public Mono<Flux<ObjectNode>> run(String userId, String agentType, RunAgentInput input) {
		return Mono.fromCallable(() -> {
			AgUiInput.requireIds(input);
			AgentSpec spec = this.agents.require(agentType);
			return AgUiInput.read(input, Set.copyOf(spec.tools()));
		})
			.flatMap((request) -> this.threads.session(userId, input.threadId(), agentType, state(input))
				.flatMap((session) -> {
					if (!session.agentType().equals(agentType)) {
						return Mono.error(new InvalidMessageException("Thread " + input.threadId()
								+ " is a conversation with agent type " + session.agentType() + ", not " + agentType,
								false));
					}
					return begin(userId, session, request, input);
				}));
	}

	private Mono<Flux<ObjectNode>> begin(String userId, Session session, RunRequest request, RunAgentInput input) {
		String sessionId = session.id();
		return switch (request) {
			case RunRequest.Start start ->
				this.turns.start(sessionId, userId, start.message(), start.attachments(), start.clientTools(), null)
					.map((turnId) -> events(userId, session, input, turnId, 0, names(start.clientTools()), Set.of(),
							Set.of()));
			case RunRequest.ToolResults results -> handOver(userId, session, input, results);
			case RunRequest.Resume resume -> decide(userId, session, resume).map((id) -> events(userId, session, input,
					id.turnId(), id.seq(), clientToolNames(input), Set.of(id.callId()), Set.of()));
		};
	}

	/**
	 * Hands each result to the turn that waits for it; continues where the run stopped.
	 */
	private Mono<Flux<ObjectNode>> handOver(String userId, Session session, RunAgentInput input,
			RunRequest.ToolResults results) {
		String sessionId = session.id();
		return Flux.fromIterable(results.results())
			.concatMap((result) -> this.threads.call(sessionId, result.callId())
				.switchIfEmpty(Mono.error(() -> new ApprovalException(ApprovalException.Reason.UNKNOWN,
						"No call " + result.callId() + " of a client tool waits in thread " + input.threadId())))
				.flatMap((stopped) -> Mono
					.defer(() -> this.clientTools.answer(sessionId, userId, stopped[0], result.callId(),
							result.content(), result.error()))
					.retryWhen(NOT_YET_WAITING)
					.thenReturn(stopped)))
			.collectList()
			.map((answered) -> answered.get(0))
			.map((stopped) -> events(userId, session, input, stopped[0], Long.parseLong(stopped[1]),
					clientToolNames(input), Set.of(),
					results.results()
						.stream()
						.map(RunRequest.ToolResults.Result::callId)
						.collect(Collectors.toUnmodifiableSet())));
	}

	/**
	 * Takes each answer as the owner's decision; a call that was settled meanwhile (it
	 * expired) is no error: the turn went on, and the run shows how.
	 */
	private Mono<Interrupts.Id> decide(String userId, Session session, RunRequest.Resume resume) {
		return Flux.fromIterable(resume.answers())
			.concatMap((answer) -> Mono
				.defer(() -> this.approvals.decide(session.id(), userId, answer.interrupt().turnId(),
						answer.interrupt().callId(), answer.decision(), answer.args()))
				.retryWhen(NOT_YET_WAITING)
				.onErrorResume((ex) -> ex instanceof ApprovalException approval
						&& approval.reason() == ApprovalException.Reason.DECIDED, (ex) -> Mono.empty())
				.thenReturn(answer.interrupt()))
			.collectList()
			.map((decided) -> decided.get(0));
	}

	private Flux<ObjectNode> events(String userId, Session session, RunAgentInput input, String turnId, long after,
			Set<String> clientTools, Set<String> known, Set<String> answered) {
		AgUiRun run = new AgUiRun(this.json, input.threadId(), input.runId(), turnId, clientTools, known, answered);
		Flux<ObjectNode> translated = this.turns.follow(session.id(), userId, turnId, after)
			.concatMap((record) -> translate(session.id(), turnId, run, record))
			.takeUntil(AgUiService::endsTheRun);
		return Flux.fromIterable(run.started(session.id(), session.initialContext()))
			.concatWith(translated)
			.onErrorResume((ex) -> Mono.just(this.json.createObjectNode()
				.put("type", "RUN_ERROR")
				.put("message", "The run's event stream failed; run again to continue")
				.put("code", "stream_failed")));
	}

	/** Records where a run stopped for client tools before the client can hear of it. */
	private Flux<ObjectNode> translate(String sessionId, String turnId, AgUiRun run, EventRecord record) {
		List<ObjectNode> events = run.on(record);
		Set<String> pending = run.pendingClientCalls();
		if (pending.isEmpty()) {
			return Flux.fromIterable(events);
		}
		return Flux.fromIterable(pending)
			.concatMap((callId) -> this.threads.rememberCall(sessionId, callId, turnId, run.lastSeq()))
			.thenMany(Flux.fromIterable(events));
	}

	private static boolean endsTheRun(ObjectNode event) {
		String type = event.path("type").asString("");
		return type.equals("RUN_FINISHED") || type.equals("RUN_ERROR");
	}

	private static Set<String> names(List<ToolDefinition> tools) {
		return tools.stream().map(ToolDefinition::name).collect(Collectors.toUnmodifiableSet());
	}

	private static Set<String> clientToolNames(RunAgentInput input) {
		List<String> names = new ArrayList<>();
		for (JsonNode tool : (input.tools() != null) ? input.tools() : List.<JsonNode>of()) {
			names.add(tool.path("name").asString(""));
		}
		return Set.copyOf(names);
	}

	@SuppressWarnings("unchecked")
	private @Nullable Map<String, Object> state(RunAgentInput input) {
		JsonNode state = input.state();
		return (state != null && state.isObject() && !state.isEmpty()) ? this.json.treeToValue(state, Map.class) : null;
	}

}
