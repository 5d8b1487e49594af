package dev.agentserve.turn;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.agentserve.agent.AgentLoop;
import dev.agentserve.agent.AgentMemory;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.AgentRun;
import dev.agentserve.agent.LoopSignal;
import dev.agentserve.event.Cost;
import dev.agentserve.event.EventCodec;
import dev.agentserve.event.EventTypes;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.memory.ContextRequest;
import dev.agentserve.memory.ConversationContext;
import dev.agentserve.memory.Episodes;
import dev.agentserve.model.Message;
import dev.agentserve.model.UserMessage;
import dev.agentserve.persistence.RedisClock;
import dev.agentserve.session.SessionIds;
import dev.agentserve.session.SessionNotFoundException;
import org.jspecify.annotations.Nullable;
import dev.agentserve.telemetry.TurnTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Owns running turns on this replica. A start takes a local slot, a place among the
 * running turns (per user and deployment, atomically), then the session's lease; from the
 * moment it is sent to Redis it runs detached from the request, so a client that goes
 * away cannot stop it half-way: every turn whose lease was taken is launched and ends
 * with a terminal event (or, if this replica dies, is reaped), and every slot and index
 * entry is released by exactly one owner.
 */
@Component
class TurnRunner {

	private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);

	static final String CANCELLED_BY_REQUEST = "cancelled by request";

	private final AgentLoop loop;

	private final ConversationContext context;

	private final TurnStore store;

	private final EventCodec codec;

	private final JsonMapper json;

	private final TurnProperties properties;

	private final Clock clock;

	private final ReplicaSlots slots;

	private final RedisClock redisClock;

	private final LiveTurns liveTurns;

	private final SpendingPolicy spending;

	private final TurnTelemetry telemetry;

	private final LeaseStore leases;

	private final Episodes episodes;

	private volatile Sinks.One<Boolean> shutdown = Sinks.one();

	/** How the turns running here learn of a cancel. */
	private final CancelWatch cancels;

	TurnRunner(AgentLoop loop, ConversationContext context, TurnStore store, EventCodec codec, JsonMapper json,
			TurnProperties properties, Clock clock, ReplicaSlots slots, RedisClock redisClock, LiveTurns liveTurns,
			SpendingPolicy spending, TurnTelemetry telemetry, LeaseStore leases, CancelWatch cancels,
			Episodes episodes) {
		this.cancels = cancels;
		this.episodes = episodes;
		this.spending = spending;
		this.telemetry = telemetry;
		this.loop = loop;
		this.context = context;
		this.store = store;
		this.codec = codec;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.slots = slots;
		this.redisClock = redisClock;
		this.liveTurns = liveTurns;
		this.leases = leases;
	}

	/**
	 * Starts the turn that {@code admission} admits; answers its id once
	 * {@code turn_started} is logged (or the id of the turn its idempotency key started
	 * before). The place among the running turns is reserved while the admission reads
	 * the session (two round trips at once, not one after the other), and released again
	 * when the admission refuses. From here on the start runs detached from the request.
	 */
	Mono<String> start(String sessionId, String userId, Mono<Admitted> admission) {
		return Mono.deferContextual((request) -> {
			ReplicaSlots.Slot slot = this.slots.acquire();
			Mono<String> detached = begin(sessionId, userId, admission, slot, TurnTelemetry.detached(request)).cache();
			detached.subscribe(null, (ex) -> log.debug("Start of a turn failed: {}", ex.toString()));
			return detached;
		});
	}

	private Mono<String> begin(String sessionId, String userId, Mono<Admitted> admission, ReplicaSlots.Slot slot,
			Context observed) {
		String turnId = SessionIds.next();
		long now = this.clock.millis();
		boolean[] launched = { false };
		Mono<Long> reserved = this.redisClock.deadline()
			.flatMap((deadline) -> this.store
				.reserveRunning(sessionId, turnId, userId, now + this.properties.lease().toMillis(), now,
						this.properties.maxConcurrentPerUser(), this.properties.maxConcurrentTotal(), deadline)
				.thenReturn(deadline))
			.cache();
		reserved.subscribe(null, (ex) -> {
			// answered below, once the admission is decided
		});
		return admission
			.onErrorResume((refused) -> reserved.onErrorResume((ex) -> Mono.empty())
				.then(release(sessionId, turnId, userId))
				.then(Mono.error(refused)))
			.flatMap((admitted) -> {
				String firstBody = this.codec
					.body(new TurnEvent.TurnStarted(admitted.session().agentType(), admitted.message()));
				return reserved
					.flatMap((deadline) -> this.store.start(turnStart(admitted, turnId, firstBody, now, deadline)))
					.flatMap((result) -> switch (result) {
						case StartResult.Started started -> {
							launch(admitted, turnId, started, firstBody, now, slot, observed);
							launched[0] = true;
							yield Mono.just(turnId);
						}
						case StartResult.Existing existing ->
							release(sessionId, turnId, userId).thenReturn(existing.turnId());
						case StartResult.Busy busy -> release(sessionId, turnId, userId)
							.then(Mono.error(new TurnBusyException(busy.runningTurnId())));
						case StartResult.Missing missing -> release(sessionId, turnId, userId)
							.then(Mono.error(new SessionNotFoundException(sessionId)));
						case StartResult.Late late -> release(sessionId, turnId, userId).then(
								Mono.error(new QueryTimeoutException("Redis ran the turn's start after its deadline")));
					});
			})
			// On an error the reservation is kept on purpose: a start whose reply was
			// lost
			// may have taken the lease, and its entry (scored by lease expiry) is how the
			// reaper finds and ends such a turn. Unused, it stops counting at that
			// expiry.
			.doFinally((signal) -> {
				if (!launched[0]) {
					slot.release();
				}
			});
	}

	private Mono<Void> release(String sessionId, String turnId, String userId) {
		return this.store.releaseRunning(sessionId, turnId, userId).onErrorResume((ex) -> Mono.empty());
	}

	private TurnStart turnStart(Admitted admitted, String turnId, String first, long now, long deadline) {
		String sessionId = admitted.session().id();
		long turnTtl = admitted.spec()
			.turnTimeout()
			.plus(this.properties.lease())
			.plus(this.properties.retention())
			.toMillis();
		return new TurnStart(sessionId, admitted.userId(), turnId, admitted.session().agentType(),
				this.json.writeValueAsString((Message) admitted.stored()), first, now, turnTtl,
				admitted.idempotencyKey(), deadline);
	}

	/**
	 * Runs the agent detached from the request that started it, on the history the start
	 * answered with; releases the slot. {@code observed} carries only the request's
	 * observation, the parent of the turn's.
	 */
	private void launch(Admitted admitted, String turnId, StartResult.Started started, String firstBody, long startedAt,
			ReplicaSlots.Slot slot, Context observed) {
		String sessionId = admitted.session().id();
		String userId = admitted.userId();
		String token = started.token();
		LiveTurn live = this.liveTurns.open(sessionId, turnId, userId);
		live.publish(List.of(new LogEntry(1, EventTypes.TURN_STARTED, startedAt, firstBody).toRecord(this.codec,
				sessionId, turnId)));
		TurnExecution execution = new TurnExecution(this.store, this.codec, this.json, this.clock, live,
				this.telemetry::flushed, sessionId, turnId, startedAt, token, this.properties);
		Mono<String> cancel = this.cancels.watch(sessionId, turnId);
		LeaseKeeper lease = new LeaseKeeper(this.leases, this.properties, this.clock, sessionId, turnId, userId, token);
		AtomicReference<@Nullable Cost> cost = new AtomicReference<>();
		AtomicReference<@Nullable String> answer = new AtomicReference<>();
		Flux<LoopSignal> signals = Flux
			.defer(() -> this.context.build(admitted.session(), contextRequest(admitted),
					withImages(messages(started.history()), admitted)))
			.flatMap((context) -> this.loop.run(new AgentRun(admitted.session().agentType(), admitted.spec(),
					context.messages(), userId, sessionId, turnId, admitted.session().tokensUsed(), cancel,
					this.properties.maxEvents(), admitted.spending(), admitted.clientTools(),
					new TokenUsage(context.inputTokens(), context.outputTokens(), 0))))
			.doOnNext((signal) -> {
				if (signal instanceof LoopSignal.Ended ended) {
					cost.set(ended.report().cost());
					if (ended.terminal() instanceof TurnEvent.Done done) {
						answer.set(done.response());
					}
				}
			});
		execution.run(signals)
			.flatMap((ended) -> ended ? this.store.releaseRunning(sessionId, turnId, userId)
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.defer(() -> this.spending.charge(userId, admitted.session().agentType(),
						admitted.spec().model(), cost.get())))
				.then(Mono.defer(() -> this.episodes.record(admitted.spec().memory().episodic(), userId,
						admitted.message(), answer.get())))
				.thenReturn(true) : Mono.just(false))
			.takeUntilOther(lease.lost().then(Mono.defer(() -> {
				if (execution.finishing()) {
					// The final write released the lease; its own answer decides.
					return Mono.never();
				}
				log.warn("Turn {} of session {} lost its lease; another replica will end it", turnId, sessionId);
				return Mono.empty();
			})))
			.doFinally((signal) -> {
				slot.release();
				this.cancels.forget(turnId);
				this.liveTurns.close(turnId);
			})
			.subscribe(null, (ex) -> log.error("Turn {} of session {} failed", turnId, sessionId, ex), null, observed);
	}

	private static ContextRequest contextRequest(Admitted admitted) {
		AgentSpec spec = admitted.spec();
		AgentMemory memory = spec.memory();
		String summarizer = !memory.summarize() ? null
				: (memory.summarizerModel() != null) ? memory.summarizerModel() : spec.model();
		return new ContextRequest(admitted.userId(), spec.systemPrompt(), spec.model(), spec.contextTokens(),
				memory.reserveTokens(), summarizer, memory.summaryTokens(),
				memory.autoRecall() ? memory.recallLimit() : 0, admitted.message());
	}

	private List<Message> messages(List<String> history) {
		List<Message> messages = new ArrayList<>(history.size());
		for (String message : history) {
			messages.add(this.json.readValue(message, Message.class));
		}
		return messages;
	}

	/**
	 * The history with the turn's own message carrying its images' bytes, which the
	 * history does not keep: they live only as long as this turn.
	 */
	private static List<Message> withImages(List<Message> history, Admitted admitted) {
		if (admitted.images().isEmpty() || history.isEmpty()
				|| !(history.get(history.size() - 1) instanceof UserMessage)) {
			return history;
		}
		List<Message> messages = new ArrayList<>(history);
		messages.set(messages.size() - 1, admitted.live());
		return messages;
	}

	/** Triggers the cancel of a turn when it runs here; false when it does not. */
	boolean cancelLocally(String turnId) {
		return this.cancels.cancelLocally(turnId);
	}

	Mono<Boolean> shutdownSignal() {
		return this.shutdown.asMono();
	}

	void resume() {
		this.shutdown = Sinks.one();
	}

	/**
	 * Waits up to {@code grace} for the running turns, then signals open streams to end.
	 * Blocks the calling (shutdown) thread, never an event loop.
	 */
	void drain(Duration grace) {
		long deadline = System.nanoTime() + grace.toNanos();
		while (this.slots.inUse() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(50_000_000);
		}
		if (this.slots.inUse() > 0) {
			log.warn("Shutting down with {} turns still running; another replica will end them as interrupted",
					this.slots.inUse());
		}
		this.shutdown.tryEmitValue(true);
	}

}
