package dev.agentserve.tool.mcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.NodePeers;
import dev.agentserve.support.Sessions;
import dev.agentserve.tool.ToolRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static dev.agentserve.model.ScriptedModel.answer;
import static dev.agentserve.model.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MCP servers as tools, against the real reference server from npm
 * ({@code @modelcontextprotocol/server-everything}) over stdio and Streamable HTTP, and a
 * TypeScript-SDK server whose tool list changes.
 */
class McpToolsIT extends IntegrationTest {

	private static Process httpServer;

	private static int httpPort;

	@Autowired
	ScriptedModel model;

	@Autowired
	ToolRegistry registry;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void startHttpServer() throws IOException {
		Path node = NodePeers.require();
		try (ServerSocket socket = new ServerSocket(0)) {
			httpPort = socket.getLocalPort();
		}
		ProcessBuilder builder = new ProcessBuilder(node.toString(), NodePeers.everythingServer().toString(),
				"streamableHttp")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("PORT", String.valueOf(httpPort));
		httpServer = builder.start();
	}

	@AfterAll
	static void stopHttpServer() {
		if (httpServer != null) {
			httpServer.destroyForcibly();
		}
	}

	@DynamicPropertySource
	static void mcpServers(DynamicPropertyRegistry registry) {
		String node = NodePeers.require().toString();
		registry.add("agentserve.mcp.servers.everything.command", () -> node);
		registry.add("agentserve.mcp.servers.everything.args[0]", () -> NodePeers.everythingServer().toString());
		registry.add("agentserve.mcp.servers.everything.args[1]", () -> "stdio");
		registry.add("agentserve.mcp.servers.everything.working-directory", () -> NodePeers.DIR.toString());
		registry.add("agentserve.mcp.servers.dynamic.command", () -> node);
		registry.add("agentserve.mcp.servers.dynamic.args[0]",
				() -> NodePeers.DIR.resolve("dynamic-server.mjs").toString());
		registry.add("agentserve.mcp.servers.web.url", () -> "http://127.0.0.1:" + httpPort + "/mcp");
		registry.add("agentserve.mcp.servers.web.headers.Authorization", () -> "Bearer test-token");
		registry.add("agentserve.mcp.health-check-interval", () -> "1s");
		registry.add("agentserve.mcp.initial-backoff", () -> "100ms");
		registry.add("agentserve.agents.mcp-agent.model", () -> "scripted");
		registry.add("agentserve.agents.mcp-agent.turn-timeout", () -> "60s");
		registry.add("agentserve.agents.mcp-agent.tools[0]", () -> "mcp__everything__*");
		registry.add("agentserve.agents.mcp-agent.tools[1]", () -> "mcp__web__echo");
		registry.add("agentserve.agents.mcp-agent.tools[2]", () -> "mcp__dynamic__*");
	}

	@Test
	void serverToolsAreListedWithTheirSchemas() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode tools = tools();
			JsonNode sum = find(tools, "mcp__everything__get-sum");
			assertThat(sum).as("get-sum over stdio in %s", tools).isNotNull();
			assertThat(sum.get("status").asString()).isEqualTo("available");
			assertThat(sum.at("/parameters/properties/a/type").asString()).isEqualTo("number");
			assertThat(sum.at("/parameters/required").toString()).contains("a", "b");
			assertThat(find(tools, "mcp__web__echo")).as("echo over Streamable HTTP in %s", tools).isNotNull();
		});
		awaitHealthUp("everything", Duration.ofSeconds(10));
	}

	/**
	 * A context that stops and starts again (a checkpoint and restore) connects again.
	 * Stopping closes the stdio servers at once: each close waits for its process's exit,
	 * which the JDK completes on the common fork-join pool, and a stop that blocked a
	 * thread of that pool on it (one thread on two processors, as in CI) waited out the 5
	 * s close timeout instead.
	 */
	@Test
	void serversComeBackWhenTheServiceStopsAndStartsAgain() {
		awaitTool("mcp__everything__get-sum");
		long pausing = System.nanoTime();
		this.context.pause();
		assertThat(Duration.ofNanos(System.nanoTime() - pausing)).as("stopping the MCP servers")
			.isLessThan(Duration.ofSeconds(4));
		this.context.restart();
		awaitHealthUp("everything", Duration.ofSeconds(30));
		this.model.play(call("mcp__everything__get-sum", "{\"a\":1,\"b\":2}"), answer("It is 3."));
		String session = Sessions.create(this.http, Map.of("agentType", "mcp-agent")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, session, "What is 1 + 2?");

		assertThat(result.at("/toolCalls/0/result").toString()).contains("3");
	}

	@Test
	void theModelCallsAnMcpToolAndGetsItsResult() {
		awaitTool("mcp__everything__get-sum");
		this.model.play(call("mcp__everything__get-sum", "{\"a\":2,\"b\":40}"), answer("It is 42."));
		String session = Sessions.create(this.http, Map.of("agentType", "mcp-agent")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, session, "What is 2 + 40?");

		assertThat(result.get("response").asString()).isEqualTo("It is 42.");
		assertThat(result.at("/toolCalls/0/result").toString()).contains("42");
		ModelRequest second = this.model.requests().get(1);
		assertThat(second.tools()).extracting("name").contains("mcp__everything__get-sum", "mcp__web__echo");
		assertThat(second.messages()).filteredOn(ToolMessage.class::isInstance)
			.singleElement()
			.satisfies((message) -> assertThat(((ToolMessage) message).content()).contains("42"));
	}

	@Test
	void aStreamableHttpServerToolIsCalled() {
		awaitTool("mcp__web__echo");
		this.model.play(call("mcp__web__echo", "{\"message\":\"hello over http\"}"), answer("done"));
		String session = Sessions.create(this.http, Map.of("agentType", "mcp-agent")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, session, "Echo it");

		assertThat(result.at("/toolCalls/0/result").toString()).contains("hello over http");
		assertThat(result.at("/toolCalls/0/error").isMissingNode() || result.at("/toolCalls/0/error").isNull())
			.isTrue();
	}

	@Test
	void aServerKilledMidCallGivesAToolErrorAndComesBack() {
		awaitTool("mcp__everything__get-sum");
		this.model.play(call("mcp__everything__trigger-long-running-operation", "{\"duration\":30,\"steps\":3}"),
				answer("noted"));
		String session = Sessions.create(this.http, Map.of("agentType", "mcp-agent")).get("sessionId").asString();
		AtomicReference<JsonNode> result = new AtomicReference<>();
		Thread turn = Thread.ofVirtual().start(() -> result.set(Sessions.chat(this.http, session, "Run it")));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.model.requests().size() == 1);
		ProcessHandle server = everythingStdioServer();

		server.destroyForcibly();

		await().atMost(Duration.ofSeconds(30)).until(() -> result.get() != null);
		assertThat(result.get().at("/toolCalls/0/error").asString()).contains("everything");
		assertThat(result.get().get("response").asString()).isEqualTo("noted");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(find(tools(), "mcp__everything__get-sum").get("status").asString())
				.isEqualTo("available"));
		assertThat(everythingStdioServer().pid()).isNotEqualTo(server.pid());
		this.model.play(call("mcp__everything__get-sum", "{\"a\":1,\"b\":1}"), answer("2"));
		JsonNode again = Sessions.chat(this.http, session, "And 1 + 1?");
		assertThat(again.at("/toolCalls/0/result").toString()).contains("2");
		try {
			turn.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aListChangedNotificationRefreshesTheTools() {
		awaitTool("mcp__dynamic__grow");
		this.model.play(call("mcp__dynamic__grow", "{}"), answer("grown"));
		String session = Sessions.create(this.http, Map.of("agentType", "mcp-agent")).get("sessionId").asString();

		Sessions.chat(this.http, session, "Grow");

		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.find("mcp__dynamic__extra_1").isPresent());
		assertThat(this.registry.find("mcp__dynamic__extra_1").get().parameters().at("/properties/x/type").asString())
			.isEqualTo("number");
	}

	/** Waits until the detailed health reports the server up. */
	private void awaitHealthUp(String server, Duration within) {
		await().atMost(within)
			.untilAsserted(() -> assertThat(this.http.get()
				.uri("/health/detailed")
				.exchange()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.at("/checks/tools/servers/mcp:" + server)
				.asString()).isEqualTo("up"));
	}

	private void awaitTool(String name) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode tool = find(tools(), name);
			assertThat(tool).as(name).isNotNull();
			assertThat(tool.get("status").asString()).isEqualTo("available");
		});
	}

	private JsonNode tools() {
		return this.http.get()
			.uri("/tools")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("tools");
	}

	private static JsonNode find(JsonNode tools, String name) {
		for (JsonNode tool : tools) {
			if (tool.get("name").asString().equals(name)) {
				return tool;
			}
		}
		return null;
	}

	private static ProcessHandle everythingStdioServer() {
		List<ProcessHandle> servers = ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info().commandLine().orElse("").contains("server-everything")
					&& process.info().commandLine().orElse("").endsWith("stdio"))
			.toList();
		assertThat(servers).hasSize(1);
		return servers.get(0);
	}

}
