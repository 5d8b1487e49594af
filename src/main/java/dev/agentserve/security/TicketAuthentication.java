package dev.agentserve.security;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code ?ticket=} on the streaming endpoints (EventSource, WebSocket), for browsers that
 * cannot send headers there. The session id comes from the path, so a ticket only ever
 * opens streams of the session it was first used on.
 */
final class TicketAuthentication {

	private TicketAuthentication() {
	}

	static AuthenticationWebFilter filter(StreamTickets tickets, ServerAuthenticationEntryPoint unauthorized) {
		ReactiveAuthenticationManager redeem = (authentication) -> {
			Use use = (Use) authentication.getPrincipal();
			return tickets.redeem(String.valueOf(authentication.getCredentials()), use.sessionId(), use.kind())
				.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown, expired or used ticket")))
				.map((user) -> UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
		};
		AuthenticationWebFilter filter = new AuthenticationWebFilter(redeem);
		filter.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET,
				"/sessions/*/chat", "/sessions/*/turns/*/events", "/ws/*"));
		filter.setServerAuthenticationConverter(
				(exchange) -> Mono.justOrEmpty(exchange.getRequest().getQueryParams().getFirst("ticket"))
					.map((ticket) -> UsernamePasswordAuthenticationToken.unauthenticated(use(exchange), ticket)));
		filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorized));
		return filter;
	}

	/**
	 * The session ({@code /sessions/{id}/…} or {@code /ws/{id}}: the second path segment)
	 * and the kind of use: a WebSocket, the browser chat route starting a turn (no
	 * {@code Last-Event-ID}), or a stream that only reads.
	 */
	private static Use use(ServerWebExchange exchange) {
		String[] segments = exchange.getRequest().getPath().pathWithinApplication().value().split("/");
		String sessionId = (segments.length > 2) ? segments[2] : "";
		if ("ws".equals(segments.length > 1 ? segments[1] : "")) {
			return new Use(sessionId, StreamTickets.Use.ONCE);
		}
		boolean starts = segments.length == 4 && "chat".equals(segments[3])
				&& !exchange.getRequest().getHeaders().containsHeader("Last-Event-ID");
		return new Use(sessionId, starts ? StreamTickets.Use.START : StreamTickets.Use.READ);
	}

	/** Where a ticket is presented. */
	record Use(String sessionId, StreamTickets.Use kind) {

		@Override
		public String toString() {
			return "ticket";
		}

	}

}
