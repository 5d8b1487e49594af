package dev.agentserve.limit;

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

	/** The caller of a service that runs without authentication. */
	private static final String LOCAL_USER = "local";

	private final RequestQuota quota;

	RateLimitFilter(RequestQuota quota) {
		this.quota = quota;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (!this.quota.enabled() || path.startsWith("/health") || path.startsWith("/actuator/health")) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((auth) -> auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken))
			.map((auth) -> auth.getName())
			.defaultIfEmpty(LOCAL_USER)
			.flatMap(this.quota::charge)
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

}
