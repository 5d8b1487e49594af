package dev.agentserve.tool;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one tool on this replica. */
final class ToolStats {

	private final LongAdder calls = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder totalMillis = new LongAdder();

	private final LongAdder cacheHits = new LongAdder();

	void record(ToolOutcome outcome) {
		this.calls.increment();
		this.totalMillis.add(outcome.durationMs());
		if (outcome.failed()) {
			this.errors.increment();
		}
		if (outcome.cached()) {
			this.cacheHits.increment();
		}
	}

	ToolStatsView view(Tool tool, ToolStatus status, String breaker) {
		long count = this.calls.sum();
		double average = (count > 0) ? (double) this.totalMillis.sum() / count : 0;
		return new ToolStatsView(tool.name(), tool.description(), tool.parameters(), count, this.errors.sum(), average,
				status, breaker, this.cacheHits.sum());
	}

}
