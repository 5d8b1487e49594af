package dev.agentserve.config;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server's event loops, owned by this application context: one loop per
 * processor the JVM sees (nothing blocks them), or {@code reactor.netty.ioWorkerCount}
 * when set. They belong to the context, not to Reactor Netty's JVM-wide resources, so a
 * context that closes (a test's, a restart's) never takes the loops of another with it;
 * they are shut down when the context is destroyed, after the server has stopped.
 */
final class ServerLoops implements DisposableBean {

	static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

	private final LoopResources resources;

	ServerLoops() {
		int workers = Integer.getInteger(IO_WORKER_COUNT, Runtime.getRuntime().availableProcessors());
		this.resources = LoopResources.create("agentserve-io", Math.max(1, workers), true);
	}

	LoopResources resources() {
		return this.resources;
	}

	@Override
	public void destroy() {
		this.resources.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

}
