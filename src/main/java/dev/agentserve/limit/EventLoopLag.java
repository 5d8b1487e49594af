package dev.agentserve.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * How late the HTTP server's event loops run: a task scheduled on every loop each
 * {@code lag-probe-interval} notes how much later than planned it ran. When the loops are
 * saturated (CPU, or blocking code on them) every request they serve waits as long, so
 * this is the first sign that more work would only queue. The lag is the worst over the
 * loops of the last probe's delay, or of the pending probe's when it is already late (a
 * loop blocked right now shows at once, without waiting for its probe to run).
 */
@Component
class EventLoopLag implements SmartLifecycle {

	private final ObjectProvider<ReactorResourceFactory> resources;

	private final long intervalNanos;

	private volatile List<Probe> probes = List.of();

	private volatile boolean running;

	EventLoopLag(ObjectProvider<ReactorResourceFactory> resources, LimitProperties limits) {
		this.resources = resources;
		this.intervalNanos = limits.admission().lagProbeInterval().toNanos();
	}

	/** The current lag; zero when no probe runs. */
	Duration current() {
		return Duration.ofNanos(currentNanos());
	}

	long currentNanos() {
		long now = System.nanoTime();
		long worst = 0;
		for (Probe probe : this.probes) {
			long expected = probe.expected;
			long overdue = (expected == Long.MAX_VALUE) ? 0 : now - expected;
			worst = Math.max(worst, Math.max(probe.lastLag, overdue));
		}
		return worst;
	}

	/** The server's event loops (the loops {@code HttpServer} runs on by default). */
	List<EventExecutor> loops() {
		ReactorResourceFactory factory = this.resources.getIfAvailable();
		LoopResources loops = (factory != null) ? factory.getLoopResources() : HttpResources.get();
		List<EventExecutor> executors = new ArrayList<>();
		loops.onServer(LoopResources.DEFAULT_NATIVE).forEach(executors::add);
		return executors;
	}

	@Override
	public void start() {
		this.running = true;
		List<Probe> started = new ArrayList<>();
		for (EventExecutor loop : loops()) {
			Probe probe = new Probe(loop);
			probe.arm();
			started.add(probe);
		}
		this.probes = List.copyOf(started);
	}

	@Override
	public void stop() {
		this.running = false;
		this.probes.forEach(Probe::cancel);
		this.probes = List.of();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Re-arms itself on its loop after each run, so a late run never piles up probes. */
	private final class Probe implements Runnable {

		private final EventExecutor loop;

		private volatile long expected = Long.MAX_VALUE;

		private volatile long lastLag;

		private volatile ScheduledFuture<?> next;

		Probe(EventExecutor loop) {
			this.loop = loop;
		}

		void arm() {
			if (!EventLoopLag.this.running || this.loop.isShuttingDown()) {
				this.expected = Long.MAX_VALUE;
				return;
			}
			this.expected = System.nanoTime() + EventLoopLag.this.intervalNanos;
			this.next = this.loop.schedule(this, EventLoopLag.this.intervalNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void run() {
			this.lastLag = Math.max(0, System.nanoTime() - this.expected);
			arm();
		}

		void cancel() {
			this.expected = Long.MAX_VALUE;
			ScheduledFuture<?> scheduled = this.next;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
