package dev.agentserve.mcp;

import dev.agentserve.agent.AgentCatalog;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /mcp}: the agents as an MCP server over the SDK's WebFlux Streamable HTTP
 * transport (protocol versions 2024-11-05, 2025-03-26, 2025-06-18 and 2025-11-25). The
 * security filter chain guards it like the REST API; {@link McpRequests} puts the caller
 * and the JSON-RPC id of each request where the tool handlers read them, and handles
 * {@code notifications/cancelled}, which the SDK does not.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "agentserve.mcp.endpoint.enabled", matchIfMissing = true)
class McpEndpointConfiguration {

	static final String PATH = "/mcp";

	@Bean
	WebFluxStreamableServerTransportProvider mcpTransport() {
		return WebFluxStreamableServerTransportProvider.builder()
			.jsonMapper(McpJsonDefaults.getMapper())
			.messageEndpoint(PATH)
			.contextExtractor(McpRequests::context)
			.build();
	}

	@Bean
	McpRequests mcpRequests(WebFluxStreamableServerTransportProvider transport) {
		return new McpRequests(transport);
	}

	@Bean
	RouterFunction<ServerResponse> mcpRoutes(McpRequests requests) {
		return RouterFunctions.route().POST(PATH, requests::post).add(requests.sdkRoutes()).build();
	}

	@Bean(destroyMethod = "close")
	McpAsyncServer mcpServer(WebFluxStreamableServerTransportProvider transport, AgentCatalog agents,
			AgentTools tools) {
		return McpServer.async(transport)
			.serverInfo("agentserve", "1")
			.instructions("Each tool is an agentserve agent. Pass the returned sessionId to continue a conversation.")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
			.tools(agents.all().entrySet().stream().map((entry) -> tools.of(entry.getKey(), entry.getValue())).toList())
			.build();
	}

}
