package dev.agentserve.api;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Requests per user per minute (health probes are never limited). Over the limit: 429
 * with {@code Retry-After}. When Redis cannot be asked, requests pass (the data endpoints
 * answer 503 then anyway): the limit protects capacity, it must not take the service down
 * with it.
 */
@Component
class RateLimitFilter implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private final RequestRateLimiter limiter;

	private final int perMinute;

	RateLimitFilter(RequestRateLimiter limiter, LimitProperties limits) {
		this.limiter = limiter;
		this.perMinute = limits.requestsPerMinute();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (this.perMinute <= 0 || path.startsWith("/health") || path.startsWith("/actuator/health")) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((auth) -> auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken))
			.map((auth) -> auth.getName())
			.defaultIfEmpty(Caller.LOCAL.userId())
			.flatMap((user) -> this.limiter.acquire("user", user, this.perMinute).onErrorResume((ex) -> {
				log.debug("Rate limit not checked: {}", ex.toString());
				return Mono.just(Duration.ZERO);
			}))
			.flatMap((wait) -> wait.isZero() ? chain.filter(exchange) : Mono.error(new RateLimitedException(wait)));
	}

}
