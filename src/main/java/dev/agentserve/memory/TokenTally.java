package dev.agentserve.memory;

import java.util.concurrent.atomic.AtomicLong;

import dev.agentserve.model.ModelEvent;

/**
 * The tokens of the summarizer's rounds for one turn, added as they are reported: a
 * failed round after a good one still spent the good one's.
 */
final class TokenTally {

	private final AtomicLong input = new AtomicLong();

	private final AtomicLong output = new AtomicLong();

	void add(ModelEvent.Usage usage) {
		this.input.addAndGet(usage.inputTokens());
		this.output.addAndGet(usage.outputTokens());
	}

	long input() {
		return this.input.get();
	}

	long output() {
		return this.output.get();
	}

}
