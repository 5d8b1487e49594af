package dev.agentserve.api;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers a request Spring Security's firewall refuses (an encoded {@code %}, {@code /}
 * or NUL, {@code //}, {@code ..}, an unknown or lower-case method) with a problem instead
 * of its bare 400. An unknown method is a 405 that lists the methods there are.
 */
@Component
class RejectedRequestHandler implements ServerExchangeRejectedHandler {

	/** The firewall's default set, and every method an endpoint here answers. */
	private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.DELETE, HttpMethod.GET, HttpMethod.HEAD,
			HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.PUT);

	private final ProblemExceptionHandler problems;

	RejectedRequestHandler(ProblemExceptionHandler problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (METHODS.contains(method)) {
			return this.problems.handle(exchange, ex);
		}
		MethodNotAllowedException unknown = new MethodNotAllowedException(method, METHODS);
		unknown.getBody()
			.setDetail("Unknown HTTP method '" + printable(method.name())
					+ "' (methods are case-sensitive); use one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
		return this.problems.handle(exchange, unknown);
	}

	private static String printable(String text) {
		String safe = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
		return (safe.length() > 40) ? safe.substring(0, 40) + "…" : safe;
	}

}
