package dev.agentserve.limit;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Requests per user per minute, across replicas: what an HTTP request and a WebSocket
 * frame each cost. When Redis cannot be asked the request passes: the limit protects
 * capacity, it must not take the service down with it (the data endpoints answer 503 then
 * anyway).
 */
@Component
public class RequestQuota {

	private static final Logger log = LoggerFactory.getLogger(RequestQuota.class);

	private final RequestRateLimiter limiter;

	private final int perMinute;

	RequestQuota(RequestRateLimiter limiter, LimitProperties limits) {
		this.limiter = limiter;
		this.perMinute = limits.requestsPerMinute();
	}

	/**
	 * Takes one request from the user's bucket; {@link RateLimitedException} when it is
	 * empty.
	 */
	public Mono<Void> charge(String userId) {
		if (this.perMinute <= 0) {
			return Mono.empty();
		}
		return this.limiter.acquire("user", userId, this.perMinute).onErrorResume((ex) -> {
			log.debug("Rate limit not checked: {}", ex.toString());
			return Mono.just(Duration.ZERO);
		}).flatMap((wait) -> wait.isZero() ? Mono.empty() : Mono.error(new RateLimitedException(wait)));
	}

	boolean enabled() {
		return this.perMinute > 0;
	}

}
