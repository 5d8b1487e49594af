package dev.agentserve.agent;

import dev.agentserve.event.TurnEvent;

/** Reads a loop's signals as the events a client sees, in order. */
final class Signals {

	private Signals() {
	}

	static TurnEvent event(LoopSignal signal) {
		return switch (signal) {
			case LoopSignal.Emitted emitted -> emitted.event();
			case LoopSignal.Ended ended -> ended.terminal();
		};
	}

}
