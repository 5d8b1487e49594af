package dev.agentserve.mcp;

import java.time.Duration;
import java.util.Map;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static dev.agentserve.model.ScriptedModel.answer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /mcp} takes the REST API's keys: no key is 401, and a session it creates belongs
 * to the key's user (the same keys as {@code AuthIT}, so the context is shared).
 */
@TestPropertySource(properties = {
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.ticket-reconnect-window=5s" })
class McpEndpointAuthIT extends IntegrationTest {

	private static final String ALICE = "alice-secret-key-1";

	private static final String BOB = "bob-secret-key-2";

	@Autowired
	ScriptedModel model;

	@Test
	void withoutAKeyTheEndpointAnswers401() {
		this.http.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
					+ "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aSessionCreatedOverMcpBelongsToTheKeysUser() {
		McpAsyncClient alice = client(ALICE);
		McpAsyncClient bob = client(BOB);
		try {
			this.model.play(answer("for alice"));
			McpSchema.CallToolResult result = alice
				.callTool(new McpSchema.CallToolRequest("scripted", Map.of("message", "hi")))
				.block(Duration.ofSeconds(20));
			String sessionId = (String) ((Map<?, ?>) result.structuredContent()).get("sessionId");

			this.http.get()
				.uri("/sessions/{id}", sessionId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
				.exchange()
				.expectStatus()
				.isOk();
			McpSchema.CallToolResult foreign = bob
				.callTool(new McpSchema.CallToolRequest("scripted", Map.of("message", "mine?", "sessionId", sessionId)))
				.block(Duration.ofSeconds(20));
			assertThat(foreign.isError()).isTrue();
			assertThat(this.model.requests()).hasSize(1);
		}
		finally {
			alice.closeGracefully().block(Duration.ofSeconds(5));
			bob.closeGracefully().block(Duration.ofSeconds(5));
		}
	}

	private McpAsyncClient client(String key) {
		McpAsyncClient client = McpClient
			.async(HttpClientStreamableHttpTransport.builder(baseUrl())
				.endpoint("/mcp")
				.httpRequestCustomizer(
						(builder, method, uri, body, context) -> builder.setHeader("Authorization", "Bearer " + key))
				.build())
			.requestTimeout(Duration.ofSeconds(20))
			.build();
		client.initialize().block(Duration.ofSeconds(10));
		return client;
	}

}
