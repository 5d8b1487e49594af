package dev.agentserve.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

	/**
	 * The Java SDK client (2.0) neither sends {@code notifications/cancelled} nor closes
	 * the request's stream when a call is disposed, so this test speaks the protocol
	 * itself; the TypeScript client test below cancels with the SDK.
	 */
	@Test
	void aCancelledNotificationCancelsTheTurn() throws Exception {
		this.model.play(ScriptedModel.words(100, 100));
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> init = http.send(
				post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
						+ "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"),
				HttpResponse.BodyHandlers.ofString());
		String mcpSession = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
		http.send(post(mcpSession, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
				HttpResponse.BodyHandlers.discarding());
		HttpResponse<Stream<String>> call = http.send(post(mcpSession,
				"{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"scripted\","
						+ "\"arguments\":{\"message\":\"slow\"},\"_meta\":{\"progressToken\":\"p-7\"}}}"),
				HttpResponse.BodyHandlers.ofLines());
		Iterator<String> lines = call.body().iterator();
		JsonMapper json = JsonMapper.builder().build();
		JsonNode started = null;
		while (started == null && lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data:") && line.contains("started turn ")) {
				started = json.readTree(line.substring("data:".length()));
			}
		}
		assertThat(started).as("a progress notification naming the turn").isNotNull();
		String turnId = turnId(List.of(started.at("/params/message").asString()));

		http.send(
				post(mcpSession,
						"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
								+ "\"params\":{\"requestId\":\"call-7\",\"reason\":\"user stopped it\"}}"),
				HttpResponse.BodyHandlers.discarding());

		String result = null;
		while (result == null && lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data:") && line.contains("\"result\"")) {
				result = line;
			}
		}
		assertThat(result).contains("\"isError\":true").contains("cancelled");
		JsonNode structured = json.readTree(result.substring("data:".length())).at("/result/structuredContent");
		awaitCancelled(structured.get("sessionId").asString(), turnId);
	}

	private HttpRequest post(String mcpSession, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/mcp"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (mcpSession != null) {
			request.header("Mcp-Session-Id", mcpSession);
		}
		return request.build();
	}

	@Test
	void theTypeScriptSdkClientListsCallsContinuesAndCancels() throws Exception {
		Path node = NodePeers.require();
		this.model.play(answer("ts one"), answer("ts two"), ScriptedModel.words(100, 100));
		Process process = new ProcessBuilder(node.toString(), NodePeers.DIR.resolve("agent-client.mjs").toString(),
				baseUrl())
			.redirectError(Path.of("target", "mcp-agent-client.err").toAbsolutePath().toFile())
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
		List<String> progress = new java.util.ArrayList<>();
		seen.get("progress").forEach((message) -> progress.add(message.asString()));
		awaitCancelled(sessionId, turnId(progress));
	}

	/** The id in the first progress message, {@code started turn <turnId>}. */
	private static String turnId(List<String> progress) {
		assertThat(progress.get(0)).startsWith("started turn ");
		return progress.get(0).substring("started turn ".length());
	}

	/** The turn ended cancelled, not by its 3 s turn-timeout. */
	private void awaitCancelled(String sessionId, String turnId) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.get()
				.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
				.exchange()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.get("status")
				.asString()).isEqualTo("cancelled"));
	}

	private McpSchema.CallToolResult call(Map<String, Object> arguments) {
		return this.client.callTool(new McpSchema.CallToolRequest("scripted", arguments)).block(Duration.ofSeconds(20));
	}

}
