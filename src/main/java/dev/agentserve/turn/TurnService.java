package dev.agentserve.turn;

import java.util.List;

import dev.agentserve.model.ToolDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.session.SessionService;

/**
 * What the controllers and the WebSocket handler ask of turns. Each job has its own
 * owner: {@link TurnAdmission} decides whether a turn may start, {@link TurnRunner} runs
 * it detached from any connection (lease, cancel, ending), {@link TurnReader} serves its
 * events and status to every client on any replica.
 */
@Service
public class TurnService {

	private final TurnAdmission admission;

	private final TurnRunner runner;

	private final TurnReader reader;

	private final SessionService sessions;

	private final TurnStore store;

	TurnService(TurnAdmission admission, TurnRunner runner, TurnReader reader, SessionService sessions,
			TurnStore store) {
		this.admission = admission;
		this.runner = runner;
		this.reader = reader;
		this.sessions = sessions;
		this.store = store;
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
		return start(sessionId, userId, message, List.of(), List.of(), idempotencyKey);
	}

	/**
	 * Starts a turn whose message carries attachments (images); see {@link ImageIntake}
	 * for what is refused.
	 */
	public Mono<String> start(String sessionId, String userId, String message, List<Attachment> attachments,
			@Nullable String idempotencyKey) {
		return start(sessionId, userId, message, attachments, List.of(), idempotencyKey);
	}

	/**
	 * Starts a turn whose model may also call {@code clientTools}, tools the client runs
	 * (AG-UI): a call to one waits for the client's result
	 * ({@link dev.agentserve.approval.ClientToolGate}).
	 */
	public Mono<String> start(String sessionId, String userId, String message, List<Attachment> attachments,
			List<ToolDefinition> clientTools, @Nullable String idempotencyKey) {
		return this.admission.check(message, attachments, idempotencyKey)
			.flatMap((images) -> this.runner.start(sessionId, userId,
					this.admission.admitted(sessionId, userId, message, images, clientTools, idempotencyKey)));
	}

	/**
	 * The turn's events after {@code afterSeq}: stored ones first, then live, up to the
	 * terminal.
	 */
	public Flux<EventRecord> follow(String sessionId, String userId, String turnId, long afterSeq) {
		return this.reader.follow(sessionId, userId, turnId, afterSeq);
	}

	/** Waits for the turn to end and folds its events into one answer. */
	public Mono<TurnResult> result(String sessionId, String userId, String turnId) {
		return this.reader.result(sessionId, userId, turnId);
	}

	public Mono<TurnInfo> info(String sessionId, String userId, String turnId) {
		return this.reader.info(sessionId, userId, turnId);
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
		return this.runner.shutdownSignal();
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
				this.runner.cancelLocally(turnId);
				return Mono.just(turnId);
			});
	}

	/** Takes turns again after {@link #drain} (a context that stops may start again). */
	void resume() {
		this.runner.resume();
		this.admission.draining(false);
	}

	/**
	 * Refuses new turns, waits up to {@code grace} for the running ones, then signals
	 * open streams to end. Blocks the calling (shutdown) thread, never an event loop.
	 */
	void drain(java.time.Duration grace) {
		this.admission.draining(true);
		this.runner.drain(grace);
	}

}
