package dev.agentserve.tool.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import dev.agentserve.tool.ToolStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Declarative HTTP tools against a local server, through the guard of http_fetch. */
class HttpToolTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private FetchFixtures.RecordingDialer dialer;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/tickets", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
					+ exchange.getRequestHeaders().getFirst("Authorization") + " body=" + body);
			byte[] answer = "{\"id\": 7, \"ok\": true}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.createContext("/busy", (exchange) -> {
			exchange.getResponseHeaders().set("Retry-After", "60");
			exchange.sendResponseHeaders(429, -1);
			exchange.close();
		});
		this.server.start();
		this.dialer = new FetchFixtures.RecordingDialer(this.server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void aConfiguredToolCallsItsApiWithTheFilledTemplates() {
		Tool tool = tool("create_ticket", definition("POST", "http://public.example/tickets?project={project}",
				"{\"title\": \"{title}\", \"priority\": {priority}}"));

		ToolOutput output = call(tool, "{\"project\": \"core team\", \"title\": \"Say \\\"hi\\\"\", \"priority\": 2}");

		assertThat(this.received).containsExactly("POST /tickets?project=core%20team auth=Bearer s3cret body="
				+ "{\"title\": \"Say \\\"hi\\\"\", \"priority\": 2}");
		assertThat(output.value().get("status").asInt()).isEqualTo(201);
		assertThat(output.value().at("/body/id").asInt()).isEqualTo(7);
		assertThat(tool.parameters().at("/required/0").asString()).isEqualTo("title");
	}

	@Test
	void internalAddressesAreRefusedLikeHttpFetch() {
		Tool tool = tool("internal", definition("GET", "http://internal.example/tickets", null));

		assertThatExceptionOfType(ToolException.class).isThrownBy(() -> call(tool, "{}"))
			.withMessageContaining("blocked address");
		assertThat(this.dialer.attempts()).isEmpty();
	}

	@Test
	void aRateLimitedAnswerMarksTheToolRateLimited() {
		Tool tool = tool("busy", definition("GET", "http://public.example/busy", null));

		assertThatExceptionOfType(ToolException.class).isThrownBy(() -> call(tool, "{}"))
			.matches(ToolException::isTransient);
		assertThat(tool.status()).isEqualTo(ToolStatus.RATE_LIMITED);
	}

	private Tool tool(String name, HttpToolsProperties.Definition definition) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("resolver", (HostResolver) HttpToolTests::resolve);
		beans.addBean("dialer", this.dialer);
		HttpTools tools = new HttpTools(new HttpToolsProperties(Map.of(name, definition)),
				new HttpFetchProperties(List.of(), DataSize.ofKilobytes(64), Duration.ofSeconds(10), 3), JSON,
				Clock.systemUTC(), beans.getBeanProvider(HostResolver.class), beans.getBeanProvider(Dialer.class));
		return tools.tools().iterator().next();
	}

	private static HttpToolsProperties.Definition definition(String method, String url, String body) {
		return new HttpToolsProperties.Definition("Test tool",
				"{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},\"required\":[\"title\"]}",
				method, url, Map.of("Authorization", "Bearer s3cret"), body, "application/json", Duration.ofSeconds(10),
				DataSize.ofKilobytes(64));
	}

	private static ToolOutput call(Tool tool, String arguments) {
		JsonNode args = JSON.readTree(arguments);
		return tool.call(args, new ToolContext("u", "s", "t")).block(Duration.ofSeconds(15));
	}

	private static List<InetAddress> resolve(String host) throws UnknownHostException {
		return switch (host) {
			case "public.example" -> List.of(InetAddress.getByName(FetchFixtures.PUBLIC_IP));
			case "internal.example" -> List.of(InetAddress.getByName("10.0.0.5"));
			default -> throw new UnknownHostException(host);
		};
	}

}
