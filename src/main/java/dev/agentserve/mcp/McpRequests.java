package dev.agentserve.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.common.McpTransportContext;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every POST to {@code /mcp} passes here before the SDK's transport: the caller (as the
 * REST API resolves it) and the JSON-RPC request id go into request attributes, which
 * {@link #context} copies into the MCP transport context; a
 * {@code notifications/cancelled} cancels the turn of the request it names.
 */
final class McpRequests {

	static final String USER = "agentserve.mcp.user";

	static final String REQUEST_ID = "agentserve.mcp.requestId";

	static final String SESSION = "agentserve.mcp.session";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebFluxStreamableServerTransportProvider transport;

	/** Running calls by MCP session and request id; bounded by the running turns. */
	private final Map<String, Disposable> running = new ConcurrentHashMap<>();

	McpRequests(WebFluxStreamableServerTransportProvider transport) {
		this.transport = transport;
	}

	@SuppressWarnings("unchecked")
	RouterFunction<ServerResponse> sdkRoutes() {
		return (RouterFunction<ServerResponse>) this.transport.getRouterFunction();
	}

	Mono<ServerResponse> post(ServerRequest request) {
		return caller().flatMap((user) -> request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			ServerRequest forwarded = ServerRequest.from(request).body(body).build();
			forwarded.attributes().put(USER, user);
			JsonNode message = parse(body);
			String session = request.headers().firstHeader("Mcp-Session-Id");
			if (message != null && message.has("id") && message.has("method")) {
				forwarded.attributes().put(REQUEST_ID, message.get("id").toString());
				if (session != null) {
					forwarded.attributes().put(SESSION, session);
				}
			}
			if (message != null && "notifications/cancelled".equals(message.path("method").asString(""))
					&& session != null) {
				Disposable call = this.running.remove(key(session, message.at("/params/requestId").toString()));
				if (call != null) {
					call.dispose();
				}
			}
			return sdkRoutes().route(forwarded)
				.flatMap((handler) -> handler.handle(forwarded))
				.switchIfEmpty(ServerResponse.notFound().build());
		}));
	}

	/** Lets a {@code notifications/cancelled} for this call dispose {@code call}. */
	Runnable register(McpTransportContext context, Disposable call) {
		Object session = context.get(SESSION);
		Object id = context.get(REQUEST_ID);
		if (session == null || id == null) {
			return () -> {
			};
		}
		String key = key(session.toString(), id.toString());
		this.running.put(key, call);
		return () -> this.running.remove(key, call);
	}

	static McpTransportContext context(ServerRequest request) {
		Map<String, Object> values = new java.util.HashMap<>();
		for (String name : new String[] { USER, REQUEST_ID, SESSION }) {
			request.attribute(name).ifPresent((value) -> values.put(name, value));
		}
		return McpTransportContext.create(values);
	}

	private static String key(String session, String requestId) {
		return session + " " + requestId;
	}

	private static @Nullable JsonNode parse(String body) {
		try {
			JsonNode node = JSON.readTree(body);
			return node.isObject() ? node : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The caller as {@code CallerArgumentResolver} resolves it: {@code local} when open.
	 */
	private static Mono<String> caller() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter((authentication) -> authentication.isAuthenticated()
					&& !(authentication instanceof AnonymousAuthenticationToken))
			.map((authentication) -> authentication.getName())
			.defaultIfEmpty("local");
	}

}
