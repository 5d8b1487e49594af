package dev.agentserve.turn;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Turns.
 *
 * @param retention how long a turn's events and status are kept after it ends
 * @param lease how long a turn's lease lasts without renewal (renewed every third of it)
 * @param maxEvents events one turn may log; reaching it ends the turn with
 * {@code event_limit}
 * @param maxConcurrent turns running at once on this replica; more get 429
 * @param maxMessageLength characters in one user message; longer gets 413
 * @param maxHistory messages kept in a session's history (oldest dropped)
 * @param contextMessages the most history messages read to build a turn's context
 * @param followPoll how often a follower re-reads the log in case a live notice was
 * missed
 * @param heartbeat interval of SSE {@code : ping} comments on idle streams
 * @param cancelPoll how often a running turn checks whether it was cancelled (from any
 * replica)
 * @param reapInterval how often each replica looks for turns whose owner died
 * @param shutdownGrace how long running turns may take to finish when the replica stops
 * @param maxConcurrentPerUser turns one user may run at once across replicas (0: no
 * limit)
 * @param maxConcurrentTotal turns the deployment may run at once (0: no limit)
 */
@ConfigurationProperties("agentserve.turns")
@Validated
public record TurnProperties(@DefaultValue("1h") Duration retention, @DefaultValue("30s") Duration lease,
		@DefaultValue("20000") @Positive int maxEvents, @DefaultValue("64") @Positive int maxConcurrent,
		@DefaultValue("32000") @Positive int maxMessageLength, @DefaultValue("1000") @Positive int maxHistory,
		@DefaultValue("200") @Positive int contextMessages, @DefaultValue("5s") Duration followPoll,
		@DefaultValue("15s") Duration heartbeat, @DefaultValue("500ms") Duration cancelPoll,
		@DefaultValue("5s") Duration reapInterval, @DefaultValue("20s") Duration shutdownGrace,
		@DefaultValue("8") int maxConcurrentPerUser, @DefaultValue("1000") int maxConcurrentTotal) {
}
