package dev.agentserve.mcp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.UserMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.NodePeers;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.agentserve.model.ScriptedModel.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /mcp} with the official MCP clients: the Java SDK's and the TypeScript SDK's (a
 * Node script).
 */
class McpEndpointIT extends IntegrationTest {

	@Autowired
	ScriptedModel model;

	private McpAsyncClient client;

	@BeforeEach
	void connect() {
		this.client = McpClient.async(HttpClientStreamableHttpTransport.builder(baseUrl()).endpoint("/mcp").build())
			.requestTimeout(Duration.ofSeconds(20))
			.build();
		this.client.initialize().block(Duration.ofSeconds(10));
	}

	@AfterEach
	void close() {
		this.client.closeGracefully().block(Duration.ofSeconds(5));
	}

	@Test
	void eachAgentTypeIsATool() {
		McpSchema.ListToolsResult tools = this.client.listTools().block(Duration.ofSeconds(10));

		assertThat(tools.tools()).extracting(McpSchema.Tool::name).contains("scripted", "assistant");
		McpSchema.Tool scripted = tools.tools().stream().filter((t) -> t.name().equals("scripted")).findFirst().get();
		assertThat(scripted.inputSchema().get("required").toString()).contains("message");
	}

	@Test
	void anAgentAnswersAndTheConversationContinuesWithItsSessionId() {
		this.model.play(answer("Hello from the scripted agent"));
		McpSchema.CallToolResult first = call(Map.of("message", "hi"));
		assertThat(first.isError()).isFalse();
		assertThat(((McpSchema.TextContent) first.content().get(0)).text()).isEqualTo("Hello from the scripted agent");
		Map<?, ?> structured = (Map<?, ?>) first.structuredContent();
		assertThat(structured.get("turnId")).isNotNull();
		String sessionId = (String) structured.get("sessionId");

		this.model.play(answer("Still here"));
		McpSchema.CallToolResult second = call(Map.of("message", "are you there?", "sessionId", sessionId));

		assertThat(((Map<?, ?>) second.structuredContent()).get("sessionId")).isEqualTo(sessionId);
		assertThat(this.model.requests().get(0).messages()).filteredOn(UserMessage.class::isInstance)
			.extracting((message) -> ((UserMessage) message).content())
			.containsExactly("hi", "are you there?");
	}

	@Test
	void anUnknownSessionIsAToolError() {
		McpSchema.CallToolResult result = call(Map.of("message", "hi", "sessionId", "no-such-session"));

		assertThat(result.isError()).isTrue();
	}

	@Test
	void closingTheRequestCancelsTheTurn() {
		this.model.play(answer("first"));
		String sessionId = (String) ((Map<?, ?>) call(Map.of("message", "start")).structuredContent()).get("sessionId");
		this.model.play(ScriptedModel.words(100, 100));
		Disposable running = this.client
			.callTool(new McpSchema.CallToolRequest("scripted", Map.of("message", "slow", "sessionId", sessionId)))
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.model.requests().size() == 1);

		running.dispose();

		await().atMost(Duration.ofMillis(2500))
			.until(() -> this.http.post()
				.uri("/sessions/{id}/cancel", sessionId)
				.exchange()
				.returnResult(String.class)
				.getStatus() == HttpStatus.CONFLICT);
	}

	@Test
	void theTypeScriptSdkClientListsCallsContinuesAndCancels() throws Exception {
		Path node = NodePeers.require();
		this.model.play(answer("ts one"), answer("ts two"), ScriptedModel.words(100, 100));
		Process process = new ProcessBuilder(node.toString(), NodePeers.DIR.resolve("agent-client.mjs").toString(),
				baseUrl())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		JsonNode seen = JsonMapper.builder().build().readTree(output);

		assertThat(seen.get("tools").toString()).contains("\"scripted\"", "message");
		assertThat(seen.at("/first/text").asString()).isEqualTo("ts one");
		assertThat(seen.at("/second/text").asString()).isEqualTo("ts two");
		assertThat(seen.at("/second/structured/sessionId").asString()).isEqualTo(seen.get("sessionId").asString());
		assertThat(seen.at("/cancel/aborted").asBoolean()).isTrue();
		assertThat(seen.get("progress").size()).isGreaterThanOrEqualTo(2);
		String sessionId = seen.get("sessionId").asString();
		await().atMost(Duration.ofMillis(2500))
			.until(() -> this.http.post()
				.uri("/sessions/{id}/cancel", sessionId)
				.exchange()
				.returnResult(String.class)
				.getStatus() == HttpStatus.CONFLICT);
	}

	private McpSchema.CallToolResult call(Map<String, Object> arguments) {
		return this.client.callTool(new McpSchema.CallToolRequest("scripted", arguments)).block(Duration.ofSeconds(20));
	}

}
