package dev.agentserve.turn;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replica's one pub/sub connection, shared by every follower of a turn. Created on
 * first use, not at start-up: its constructor connects (blocking), and the service must
 * start and stay alive while Redis is down. A failed attempt is retried by the next
 * follower.
 */
@Component
class TurnNoticeListener implements DisposableBean {

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final AtomicReference<ReactiveRedisMessageListenerContainer> container = new AtomicReference<>();

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
	public void destroy() {
		ReactiveRedisMessageListenerContainer created = this.container.getAndSet(null);
		if (created != null) {
			created.destroy();
		}
	}

}
