package dev.agentserve.api;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Callers. With API keys or a JWT issuer configured, every endpoint but the health probes
 * needs {@code Authorization: Bearer <key or token>} (401 problem otherwise); the caller
 * is the key's user or the token's {@code sub}. With neither, the service runs open as
 * one local user and says so once at start-up.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String BEARER = "Bearer ";

	/** Cross-origin browser calls from the configured origins only (none by default). */
	static CorsConfigurationSource cors(SecurityProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.corsAllowedOrigins().isEmpty()) {
			CorsConfiguration config = new CorsConfiguration();
			config.setAllowedOrigins(properties.corsAllowedOrigins());
			config.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
			config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "Idempotency-Key"));
			config.setExposedHeaders(List.of("X-Turn-Id", "Retry-After", "Location"));
			config.setMaxAge(3600L);
			source.registerCorsConfiguration("/**", config);
		}
		return source;
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, SecurityProperties properties,
			ProblemExceptionHandler problems, ObjectProvider<ReactiveJwtDecoder> jwtDecoders, StreamTickets tickets) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.cors((cors) -> cors.configurationSource(cors(properties)));
		ReactiveJwtDecoder jwt = jwtDecoders.getIfAvailable();
		if (properties.apiKeys().isEmpty() && jwt == null) {
			log.warn("No API keys (agentserve.security.api-keys) and no JWT issuer configured: the service is open "
					+ "to anyone who can reach it, as a single local user. Configure callers before exposing it.");
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return problems.handle(exchange, new ResponseStatusException(HttpStatus.UNAUTHORIZED,
					"A valid API key or token is required: send Authorization: Bearer <key>"));
		};
		if (!properties.apiKeys().isEmpty()) {
			http.addFilterAt(apiKeyFilter(properties, unauthorized), SecurityWebFiltersOrder.AUTHENTICATION);
		}
		http.addFilterAt(ticketFilter(tickets, unauthorized), SecurityWebFiltersOrder.AUTHENTICATION);
		if (jwt != null) {
			// A JWT's "sub" becomes the caller.
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((tokens) -> tokens.jwtDecoder(jwt))
				.authenticationEntryPoint(unauthorized));
		}
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/health", "/health/detailed", "/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized))
			.build();
	}

	/**
	 * {@code ?ticket=} on the streaming endpoints (EventSource, WebSocket), for browsers
	 * that cannot send headers there.
	 */
	private static AuthenticationWebFilter ticketFilter(StreamTickets tickets,
			ServerAuthenticationEntryPoint unauthorized) {
		ReactiveAuthenticationManager redeem = (ticket) -> tickets.redeem(String.valueOf(ticket.getCredentials()))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown, used or expired ticket")))
			.map((user) -> UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
		AuthenticationWebFilter filter = new AuthenticationWebFilter(redeem);
		filter.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET,
				"/sessions/*/chat", "/sessions/*/turns/*/events", "/ws/*"));
		filter.setServerAuthenticationConverter(
				(exchange) -> Mono.justOrEmpty(exchange.getRequest().getQueryParams().getFirst("ticket"))
					.map((ticket) -> UsernamePasswordAuthenticationToken.unauthenticated("ticket", ticket)));
		filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorized));
		return filter;
	}

	/** Bearer tokens that are not JWTs (no dots) are API keys. */
	private static AuthenticationWebFilter apiKeyFilter(SecurityProperties properties,
			ServerAuthenticationEntryPoint unauthorized) {
		AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(properties));
		apiKeys.setServerAuthenticationConverter(
				(exchange) -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
					.filter((header) -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
					.map((header) -> header.substring(BEARER.length()).trim())
					.filter((token) -> token.indexOf('.') < 0)
					.map((token) -> UsernamePasswordAuthenticationToken.unauthenticated("api-key", token)));
		apiKeys.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorized));
		return apiKeys;
	}

}
