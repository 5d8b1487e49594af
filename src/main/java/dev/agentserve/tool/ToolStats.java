package dev.agentserve.tool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one tool on this replica. */
final class ToolStats {

	/** After this many failures in a row a tool is reported as failing. */
	static final int FAILING_AFTER = 5;

	private final LongAdder calls = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder totalMillis = new LongAdder();

	private final AtomicInteger failuresInARow = new AtomicInteger();

	void record(ToolOutcome outcome) {
		this.calls.increment();
		this.totalMillis.add(outcome.durationMs());
		if (outcome.failed()) {
			this.errors.increment();
			this.failuresInARow.incrementAndGet();
		}
		else {
			this.failuresInARow.set(0);
		}
	}

	ToolStatsView view(Tool tool) {
		long count = this.calls.sum();
		double average = (count > 0) ? (double) this.totalMillis.sum() / count : 0;
		String status = (this.failuresInARow.get() >= FAILING_AFTER) ? "failing" : "available";
		return new ToolStatsView(tool.name(), tool.description(), tool.parameters(), count, this.errors.sum(), average,
				status);
	}

}
