package dev.agentserve.turn;

import java.time.Duration;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells followers when Redis stops answering, so their streams end in time with a retry
 * hint instead of waiting for their next poll and its command timeout (up to 7 s). One
 * probe per replica, shared by every open stream and running only while one is open.
 */
@Component
public class StoreWatch {

	/**
	 * Probe interval and timeout: a Redis that dies or stalls is noticed within 3 s, so a
	 * stream ends within the 5 s its clients are promised.
	 */
	static final Duration EVERY = Duration.ofSeconds(1);

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final Flux<Boolean> answers;

	StoreWatch(ReactiveStringRedisTemplate redis) {
		// The first probe one interval after the first stream opens, not at once: streams
		// come and go many times a second, and each restart would probe Redis.
		this.answers = Flux.interval(EVERY)
			.onBackpressureDrop()
			.concatMap((tick) -> redis.execute((connection) -> connection.ping())
				.next()
				.timeout(TIMEOUT)
				.map((pong) -> true)
				.onErrorReturn(false)
				.defaultIfEmpty(false), 0)
			.share();
	}

	/** Completes the first time Redis fails to answer a probe within the timeout. */
	public Mono<Void> lost() {
		return this.answers.filter((answered) -> !answered).next().then();
	}

}
