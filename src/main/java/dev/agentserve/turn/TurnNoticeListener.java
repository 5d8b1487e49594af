package dev.agentserve.turn;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replica's one pub/sub connection, shared by every follower of a turn. Created on
 * first use, not at start-up: its constructor connects (blocking), and the service must
 * start and stay alive while Redis is down; a failed attempt is retried by the next
 * follower. Dropped when the context stops, since the connection factory closes its
 * connections then (and may start again, as paused test contexts do).
 */
@Component
class TurnNoticeListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TurnNoticeListener.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final AtomicReference<ReactiveRedisMessageListenerContainer> container = new AtomicReference<>();

	private volatile boolean running;

	TurnNoticeListener(ReactiveRedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	Mono<ReactiveRedisMessageListenerContainer> container() {
		ReactiveRedisMessageListenerContainer existing = this.container.get();
		if (existing != null) {
			return Mono.just(existing);
		}
		return Mono.fromCallable(() -> {
			synchronized (this.container) {
				ReactiveRedisMessageListenerContainer created = this.container.get();
				if (created == null) {
					created = new ReactiveRedisMessageListenerContainer(this.connectionFactory);
					this.container.set(created);
				}
				return created;
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		ReactiveRedisMessageListenerContainer created = this.container.getAndSet(null);
		if (created != null) {
			try {
				created.destroy();
			}
			catch (RuntimeException ex) {
				log.debug("Closing the turn notice listener failed", ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the Redis connection factory (which stops in a lower phase). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
