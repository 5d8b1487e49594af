package dev.agentserve.turn;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of turns. Runs before the web server's own graceful shutdown (a
 * higher phase stops first): new turns are refused (503), running ones get
 * {@code shutdown-grace} to finish, then open streams end with a {@code retry} hint so
 * clients reconnect to another replica and resume with {@code Last-Event-ID}. Readiness
 * is already DOWN: Spring Boot marks the application as refusing traffic when the context
 * starts closing.
 */
@Component
class TurnDrain implements SmartLifecycle {

	private final TurnService turns;

	private final TurnProperties properties;

	private volatile boolean running;

	TurnDrain(TurnService turns, TurnProperties properties) {
		this.turns = turns;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.turns.resume();
		this.running = true;
	}

	@Override
	public void stop() {
		this.turns.drain(this.properties.shutdownGrace());
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

}
