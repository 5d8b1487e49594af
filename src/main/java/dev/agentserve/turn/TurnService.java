package dev.agentserve.turn;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private static final Logger audit = LoggerFactory.getLogger("dev.agentserve.audit.approval");

	private final TurnAdmission admission;

	private final TurnRunner runner;

	private final TurnReader reader;

	private final SessionService sessions;

	private final TurnStore store;

	private final JsonMapper json;

	private final Clock clock;

	TurnService(TurnAdmission admission, TurnRunner runner, TurnReader reader, SessionService sessions, TurnStore store,
			JsonMapper json, Clock clock) {
		this.admission = admission;
		this.runner = runner;
		this.reader = reader;
		this.sessions = sessions;
		this.store = store;
		this.json = json;
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
		return this.admission.admit(sessionId, userId, message, idempotencyKey).flatMap(this.runner::start);
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
		return this.reader.requireTurn(sessionId, userId, turnId)
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
