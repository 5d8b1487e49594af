package dev.agentserve.agent;

import java.util.Objects;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;

/**
 * What {@link AgentLoop#run} reports: every event of the turn as it happens, then exactly
 * one {@link Ended}, last, whatever ended the turn (an answer, a failure, a limit, the
 * timeout or a cancel). The turn persists what {@link Ended} carries and nothing else.
 */
public sealed interface LoopSignal {

	/**
	 * A non-terminal event, with the tokens the turn used up to it (what an interrupted
	 * turn is charged).
	 */
	record Emitted(TurnEvent event, TokenUsage usage) implements LoopSignal {

		public Emitted {
			Objects.requireNonNull(usage, "usage");
			if (event.terminal()) {
				throw new IllegalArgumentException("A terminal event ends the loop: " + event.type());
			}
		}

	}

	/** The turn's terminal event and what the turn adds to the conversation. */
	record Ended(TurnEvent terminal, LoopReport report) implements LoopSignal {

		public Ended {
			Objects.requireNonNull(report, "report");
			if (!terminal.terminal()) {
				throw new IllegalArgumentException("Not a terminal event: " + terminal.type());
			}
		}

	}

}
