package dev.agentserve.turn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.agent.AgentLoop;
import dev.agentserve.agent.AgentRun;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.Transcript;
import dev.agentserve.approval.ApprovalException;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.memory.ContextWindow;
import dev.agentserve.model.Message;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.session.Session;
import dev.agentserve.session.SessionIds;
import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.session.SessionService;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs turns detached from any connection and serves their logged events. Starting a turn
 * takes the session's lease and logs {@code turn_started}; the agent then runs on its
 * own, and every client (on any replica) follows the log: first what is stored, then live
 * notices.
 */
@Service
public class TurnService {

	private static final Logger log = LoggerFactory.getLogger(TurnService.class);

	private static final Logger audit = LoggerFactory.getLogger("dev.agentserve.audit.approval");

	private final SessionService sessions;

	private final AgentCatalog agents;

	private final AgentLoop loop;

	private final ContextWindow window;

	private final TurnStore store;

	private final EventCodec codec;

	private final JsonMapper json;

	private final TurnProperties properties;

	private final Clock clock;

	private final AtomicInteger running = new AtomicInteger();

	private volatile boolean draining;

	private volatile Sinks.One<Boolean> shutdown = Sinks.one();

	/** Cancel triggers of the turns running on this replica, by turn id. */
	private final Map<String, Sinks.One<String>> localCancels = new ConcurrentHashMap<>();

	TurnService(SessionService sessions, AgentCatalog agents, AgentLoop loop, ContextWindow window, TurnStore store,
			EventCodec codec, JsonMapper json, TurnProperties properties, Clock clock) {
		this.sessions = sessions;
		this.agents = agents;
		this.loop = loop;
		this.window = window;
		this.store = store;
		this.codec = codec;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/** Starts a turn and returns its id once {@code turn_started} is logged. */
	public Mono<String> start(String sessionId, String userId, String message) {
		return start(sessionId, userId, message, null);
	}

	/**
	 * Starts a turn, or, when {@code idempotencyKey} already started one in this session,
	 * answers that turn's id so a retried request joins it.
	 */
	public Mono<String> start(String sessionId, String userId, String message, @Nullable String idempotencyKey) {
		return Mono.fromRunnable(() -> {
			if (this.draining) {
				throw new ShuttingDownException();
			}
			validate(message, idempotencyKey);
		}).then(this.sessions.get(sessionId, userId)).flatMap((session) -> {
			if (this.running.incrementAndGet() > this.properties.maxConcurrent()) {
				this.running.decrementAndGet();
				return Mono.error(new TooManyTurnsException(this.properties.maxConcurrent()));
			}
			return withinLimits(userId)
				.then(begin(session, userId, message, (idempotencyKey != null) ? idempotencyKey : ""))
				.doOnError((ex) -> this.running.decrementAndGet());
		});
	}

	/**
	 * The turn's events after {@code afterSeq}: stored ones first, then live, up to the
	 * terminal.
	 */
	public Flux<EventRecord> follow(String sessionId, String userId, String turnId, long afterSeq) {
		return requireTurn(sessionId, userId, turnId).flatMapMany((hash) -> this.store.live(sessionId, turnId))
			.flatMap((live) -> new TurnFollower(this.store, sessionId, turnId).follow(afterSeq, live,
					this.properties.followPoll()));
	}

	/** Waits for the turn to end and folds its events into one answer. */
	public Mono<TurnResult> result(String sessionId, String userId, String turnId) {
		return follow(sessionId, userId, turnId, 0).map((record) -> this.codec.decode(record.json()))
			.reduce(new TurnResultBuilder(turnId), TurnResultBuilder::add)
			.map(TurnResultBuilder::build);
	}

	/** Takes turns again after {@link #drain} (a context that stops may start again). */
	void resume() {
		this.shutdown = Sinks.one();
		this.draining = false;
	}

	/**
	 * Completes when the session exists and is the user's; else
	 * {@link SessionNotFoundException}.
	 */
	public Mono<Void> requireSession(String sessionId, String userId) {
		return this.sessions.get(sessionId, userId).then();
	}

	/** Emits once the replica is shutting down and its streams should end. */
	public Mono<Boolean> shutdownSignal() {
		return this.shutdown.asMono();
	}

	/**
	 * Refuses new turns, waits up to {@code grace} for the running ones, then signals
	 * open streams to end. Blocks the calling (shutdown) thread, never an event loop.
	 */
	void drain(Duration grace) {
		this.draining = true;
		long deadline = System.nanoTime() + grace.toNanos();
		while (this.running.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(50_000_000);
		}
		if (this.running.get() > 0) {
			log.warn("Shutting down with {} turns still running; another replica will end them as interrupted",
					this.running.get());
		}
		this.shutdown.tryEmitValue(true);
	}

	/**
	 * Cancels the session's running turn, wherever it runs: a durable flag its replica
	 * polls every {@code cancel-poll}, and at once when it runs here. Answers the turn's
	 * id.
	 */
	public Mono<String> cancel(String sessionId, String userId) {
		return this.sessions.get(sessionId, userId)
			.then(this.store.requestCancel(sessionId, userId))
			.switchIfEmpty(Mono.error(() -> new SessionNotFoundException(sessionId)))
			.flatMap((turnId) -> {
				if (turnId.isEmpty()) {
					return Mono.error(new NoRunningTurnException(sessionId));
				}
				Sinks.One<String> local = this.localCancels.get(turnId);
				if (local != null) {
					local.tryEmitValue(CANCELLED_BY_REQUEST);
				}
				return Mono.just(turnId);
			});
	}

	/**
	 * The session owner's decision on a tool call waiting for approval: {@code approve},
	 * {@code reject}, or {@code edit} with new arguments. The first decision wins; each
	 * is kept with the turn (who, when, what) and written to the audit log.
	 */
	public Mono<Void> decide(String sessionId, String userId, String turnId, String callId, String decision,
			@Nullable JsonNode args) {
		if (!List.of("approve", "reject", "edit").contains(decision)) {
			return Mono.error(new ApprovalException(ApprovalException.Reason.INVALID,
					"decision must be approve, reject or edit, got '" + decision + "'"));
		}
		if (decision.equals("edit") && (args == null || !args.isObject())) {
			return Mono.error(new ApprovalException(ApprovalException.Reason.INVALID,
					"an edit needs args: the JSON object to run the tool with"));
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("status", decision);
		if (args != null && decision.equals("edit")) {
			entry.put("args", args);
		}
		entry.put("by", userId);
		entry.put("at", Instant.ofEpochMilli(this.clock.millis()).toString());
		return requireTurn(sessionId, userId, turnId)
			.then(this.store.decide(sessionId, turnId, callId, this.json.writeValueAsString(entry)))
			.flatMap((result) -> switch (result) {
				case "ok" -> {
					audit.info("approval_decision user={} session={} turn={} callId={} decision={}", userId, sessionId,
							turnId, callId, decision);
					yield Mono.<Void>empty();
				}
				case "decided" -> Mono.error(new ApprovalException(ApprovalException.Reason.DECIDED,
						"The call " + callId + " was already decided or has expired"));
				default -> Mono.error(new ApprovalException(ApprovalException.Reason.UNKNOWN,
						"No call " + callId + " waits for approval in this turn"));
			});
	}

	public Mono<TurnInfo> info(String sessionId, String userId, String turnId) {
		return requireTurn(sessionId, userId, turnId).map((hash) -> TurnInfo.of(sessionId, turnId, hash));
	}

	private Mono<Map<String, String>> requireTurn(String sessionId, String userId, String turnId) {
		if (!SessionIds.isWellFormed(turnId)) {
			return this.sessions.get(sessionId, userId).then(Mono.error(new TurnNotFoundException(turnId)));
		}
		return this.sessions.get(sessionId, userId)
			.then(this.store.info(sessionId, turnId))
			.filter((hash) -> userId.equals(hash.get("user")))
			.switchIfEmpty(Mono.error(() -> new TurnNotFoundException(turnId)));
	}

	private Mono<String> begin(Session session, String userId, String message, String idempotencyKey) {
		AgentSpec spec = this.agents.require(session.agentType());
		if (spec.tokenBudget() > 0 && session.tokensUsed() >= spec.tokenBudget()) {
			return Mono.error(new BudgetExhaustedException(session.id(), spec.tokenBudget()));
		}
		String turnId = SessionIds.next();
		long now = this.clock.millis();
		String first = this.codec.encode(session.id(), turnId, 1, Instant.ofEpochMilli(now),
				new TurnEvent.TurnStarted(session.agentType(), message));
		long turnTtl = spec.turnTimeout().plus(this.properties.lease()).plus(this.properties.retention()).toMillis();
		TurnStart start = new TurnStart(session.id(), userId, turnId, session.agentType(),
				this.json.writeValueAsString((Message) new UserMessage(message)), first, now, turnTtl, idempotencyKey);
		return this.store.start(start).flatMap((result) -> switch (result) {
			case StartResult.Busy busy -> Mono.error(new TurnBusyException(busy.runningTurnId()));
			case StartResult.Missing missing -> Mono.error(new SessionNotFoundException(session.id()));
			case StartResult.Existing existing -> {
				this.running.decrementAndGet();
				yield Mono.just(existing.turnId());
			}
			// Recorded as running before the caller hears of it, so the limits count it
			// at once.
			case StartResult.Started started -> this.store.markRunning(session.id(), turnId, userId, leaseExpiry())
				.then(Mono.fromRunnable(() -> launch(session, spec, start, started.token())))
				.thenReturn(turnId);
		});
	}

	/** Runs the agent detached from the request that started it. */
	private void launch(Session session, AgentSpec spec, TurnStart start, String token) {
		Transcript transcript = new Transcript();
		TurnExecution execution = new TurnExecution(this.store, this.codec, this.json, this.clock, start, token,
				transcript, this.properties.maxEvents());
		Mono<Void> leaseLost = Flux.interval(this.properties.lease().dividedBy(3))
			.concatMap((tick) -> this.store.renew(session.id(), token)
				.flatMap((held) -> held
						? this.store.markRunning(session.id(), start.turnId(), start.userId(), leaseExpiry())
							.thenReturn(true)
						: Mono.just(false)))
			.filter((held) -> !held)
			.next()
			.doOnNext((lost) -> log.warn("Turn {} lost its lease; another replica will end it", start.turnId()))
			.then();
		Sinks.One<String> localCancel = Sinks.one();
		this.localCancels.put(start.turnId(), localCancel);
		Mono<String> cancel = Mono.firstWithValue(localCancel.asMono(),
				Flux.interval(this.properties.cancelPoll())
					.concatMap((tick) -> this.store.cancelRequested(session.id(), start.turnId()))
					.filter((requested) -> requested)
					.next()
					.map((requested) -> CANCELLED_BY_REQUEST));
		this.sessions.history(session.id(), start.userId(), this.properties.contextMessages())
			.map((history) -> context(session, spec, history.messages()))
			.flatMap((context) -> execution
				.run(this.loop.run(new AgentRun(session.agentType(), spec, context, start.userId(), session.id(),
						start.turnId(), transcript, session.tokensUsed())), cancel)
				.flatMap((ended) -> ended ? this.store.unmarkRunning(session.id(), start.turnId(), start.userId())
						: Mono.empty()))
			.takeUntilOther(leaseLost)
			.doFinally((signal) -> {
				this.running.decrementAndGet();
				this.localCancels.remove(start.turnId());
			})
			.subscribe(null, (ex) -> log.error("Turn {} of session {} failed", start.turnId(), session.id(), ex));
	}

	/**
	 * The cluster-wide limits on running turns: per user and for the whole deployment.
	 */
	private Mono<Void> withinLimits(String userId) {
		int perUser = this.properties.maxConcurrentPerUser();
		int total = this.properties.maxConcurrentTotal();
		if (perUser <= 0 && total <= 0) {
			return Mono.empty();
		}
		return this.store.countRunning(userId, this.clock.millis()).flatMap((counts) -> {
			if (perUser > 0 && counts[0] >= perUser) {
				return Mono.error(new TooManyTurnsException(
						"You already run " + counts[0] + " turns, the most one user may (max-concurrent-per-user)"));
			}
			if (total > 0 && counts[1] >= total) {
				return Mono.error(new TooManyTurnsException(
						"The service runs " + counts[1] + " turns, its maximum (max-concurrent-total)"));
			}
			return Mono.empty();
		});
	}

	private long leaseExpiry() {
		return this.clock.millis() + this.properties.lease().toMillis();
	}

	private List<Message> context(Session session, AgentSpec spec, List<Message> history) {
		List<Message> context = new ArrayList<>();
		String system = spec.systemPrompt();
		if (session.initialContext() != null && !session.initialContext().isEmpty()) {
			system += "\n\nContext for this conversation (JSON): "
					+ this.json.writeValueAsString(session.initialContext());
		}
		context.add(new SystemMessage(system));
		context.addAll(this.window.fit(history, spec.contextTokens()));
		return context;
	}

	private void validate(String message, @Nullable String idempotencyKey) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
			throw new InvalidMessageException("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters",
					false);
		}
		if (message.isBlank()) {
			throw new InvalidMessageException("message must not be blank", false);
		}
		if (message.length() > this.properties.maxMessageLength()) {
			throw new InvalidMessageException("message has " + message.length() + " characters; the limit is "
					+ this.properties.maxMessageLength() + " (agentserve.turns.max-message-length)", true);
		}
	}

	static final String CANCELLED_BY_REQUEST = "cancelled by request";

	static final int MAX_IDEMPOTENCY_KEY = 255;

}
