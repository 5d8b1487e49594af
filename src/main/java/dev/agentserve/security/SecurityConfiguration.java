package dev.agentserve.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * Callers. With API keys or a JWT issuer configured, every endpoint but the health probes
 * ({@code /health}, {@code /actuator/health/**}) and the browser UI's static page and
 * assets needs {@code Authorization: Bearer <key or token>} (401 problem otherwise); the
 * caller is the key's user or the token's {@code sub}. With neither, the service runs
 * open as one local user, bound to loopback unless {@code server.address} says otherwise,
 * and says so once at start-up.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String BEARER = "Bearer ";

	/** The browser UI (page, its scripts, its WebJars): public in every mode. */
	private static final String[] UI_PATHS = { "/", "/ui/**", "/webjars/**" };

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

	/**
	 * No observations of Spring Security's own: a timer and span around each phase of the
	 * filter chain and each authorization cost ~4% of a turn's CPU, and each request is
	 * already observed whole ({@code http.server.requests}) with its authentication
	 * outcome in the status.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, SecurityProperties properties,
			Environment environment, ObjectProvider<ReactiveJwtDecoder> jwtDecoders, StreamTickets tickets) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.cors((cors) -> cors.configurationSource(cors(properties)));
		SecurityMode mode = SecurityMode.of(environment);
		ReactiveJwtDecoder jwt = jwtDecoders.getIfAvailable();
		if (mode.jwt() && jwt == null) {
			throw new IllegalStateException("A JWT issuer, JWK set or public key is configured but no JWT decoder "
					+ "could be built from it: refusing to start open");
		}
		// The bind address was chosen from the same mode
		// (SecurityEnvironmentPostProcessor);
		// a decoder bean without JWT properties secures the service but keeps loopback.
		if (mode.open() && jwt == null) {
			warnOpen(environment.getProperty("server.address"));
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}
		// Rendered by the application's exception handler, like every other failure.
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> Mono.error(new Unauthorized());
		if (!properties.apiKeys().isEmpty()) {
			http.addFilterAt(apiKeyFilter(properties, unauthorized), SecurityWebFiltersOrder.AUTHENTICATION);
		}
		http.addFilterAt(TicketAuthentication.filter(tickets, unauthorized), SecurityWebFiltersOrder.AUTHENTICATION);
		if (jwt != null) {
			// A JWT's "sub" becomes the caller.
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((tokens) -> tokens.jwtDecoder(jwt))
				.authenticationEntryPoint(unauthorized));
		}
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/health", "/actuator/health", "/actuator/health/**")
						.permitAll()
						// The browser UI's page and assets hold no data; the page asks
						// for a key.
						.pathMatchers(HttpMethod.GET, UI_PATHS)
						.permitAll()
						.anyExchange()
						.authenticated())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized))
			.build();
	}

	private static void warnOpen(@Nullable String address) {
		if (address == null || isLoopback(address)) {
			log.warn("No API keys (agentserve.security.api-keys.<user>) and no JWT issuer configured: the service "
					+ "runs open, as a single local user, and listens on loopback ({}) only. Configure callers "
					+ "before exposing it.", (address != null) ? address : "127.0.0.1");
		}
		else {
			log.warn("No API keys (agentserve.security.api-keys.<user>) and no JWT issuer configured, and "
					+ "server.address={}: the service is EXPOSED, open to anyone who can reach it, as a single "
					+ "local user. Configure callers (" + ApiKeySettings.RIGHT_FORM + ").", address);
		}
	}

	private static boolean isLoopback(String address) {
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
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
