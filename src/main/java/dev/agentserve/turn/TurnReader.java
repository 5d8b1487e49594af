package dev.agentserve.turn;

import dev.agentserve.event.EventCodec;
import dev.agentserve.session.SessionIds;
import dev.agentserve.session.SessionService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads turns for their owner: a turn's status, its events (stored, then live, on any
 * replica), and the folded answer of a finished turn.
 */
@Component
class TurnReader {

	private final SessionService sessions;

	private final TurnStore store;

	private final EventCodec codec;

	private final TurnProperties properties;

	private final LiveTurns liveTurns;

	TurnReader(SessionService sessions, TurnStore store, EventCodec codec, TurnProperties properties,
			LiveTurns liveTurns) {
		this.sessions = sessions;
		this.store = store;
		this.codec = codec;
		this.properties = properties;
		this.liveTurns = liveTurns;
	}

	/**
	 * The turn's events after {@code afterSeq}. A turn of the caller running on this
	 * replica is followed from memory, with no Redis round trip; any other from the log
	 * and pub/sub.
	 */
	Flux<EventRecord> follow(String sessionId, String userId, String turnId, long afterSeq) {
		return Flux.defer(() -> {
			LiveTurn local = this.liveTurns.get(turnId);
			if (local != null && local.ownedBy(sessionId, userId)) {
				return new TurnFollower(this.store, sessionId, turnId, local).follow(afterSeq, local.events(),
						this.properties.followPoll());
			}
			return requireTurn(sessionId, userId, turnId).flatMapMany((turn) -> this.store.live(sessionId, turnId))
				.flatMap((live) -> new TurnFollower(this.store, sessionId, turnId, null).follow(afterSeq, live,
						this.properties.followPoll()));
		});
	}

	Mono<TurnResult> result(String sessionId, String userId, String turnId) {
		return follow(sessionId, userId, turnId, 0).map((record) -> this.codec.decode(record.json()))
			.reduce(new TurnResultBuilder(turnId), TurnResultBuilder::add)
			.map(TurnResultBuilder::build);
	}

	Mono<TurnInfo> info(String sessionId, String userId, String turnId) {
		return requireTurn(sessionId, userId, turnId).map((turn) -> TurnInfo.of(sessionId, turnId, turn));
	}

	/** The caller's turn; else {@link TurnNotFoundException} (or session not found). */
	Mono<TurnRecord> requireTurn(String sessionId, String userId, String turnId) {
		if (!SessionIds.isWellFormed(turnId)) {
			return this.sessions.get(sessionId, userId).then(Mono.error(new TurnNotFoundException(turnId)));
		}
		return this.sessions.get(sessionId, userId)
			.then(this.store.info(sessionId, turnId))
			.filter((turn) -> userId.equals(turn.user()))
			.switchIfEmpty(Mono.error(() -> new TurnNotFoundException(turnId)));
	}

}
