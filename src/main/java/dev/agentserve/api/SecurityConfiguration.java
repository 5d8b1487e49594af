package dev.agentserve.api;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Callers. With API keys configured, every endpoint but the health probes needs
 * {@code Authorization: Bearer <key>} (401 problem otherwise) and the caller is the key's
 * user. With none, the service runs open as one local user and says so once at start-up.
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
			ProblemExceptionHandler problems) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.cors((cors) -> cors.configurationSource(cors(properties)));
		if (properties.apiKeys().isEmpty()) {
			log.warn("No API keys configured (agentserve.security.api-keys): the service is open to anyone "
					+ "who can reach it, as a single local user. Configure keys before exposing it.");
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return problems.handle(exchange, new ResponseStatusException(HttpStatus.UNAUTHORIZED,
					"A valid API key is required: send Authorization: Bearer <key>"));
		};
		AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(properties));
		apiKeys.setServerAuthenticationConverter(
				(exchange) -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
					.filter((header) -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
					.map((header) -> UsernamePasswordAuthenticationToken.unauthenticated("api-key",
							header.substring(BEARER.length()).trim())));
		apiKeys.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorized));
		return http.addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/health", "/health/detailed", "/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized))
			.build();
	}

}
