package dev.agentserve.tool.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http_fetch} cannot be turned against the network it runs in: every blocked form
 * is refused before a connection is made (a canary listener on loopback counts them:
 * zero), while a public host works.
 */
class HttpFetchToolTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PUBLIC_IP = "93.184.216.34";

	private static ServerSocket canary;

	private static final AtomicInteger canaryConnections = new AtomicInteger();

	private static HttpServer publicSite;

	@BeforeAll
	static void startServers() throws IOException {
		canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!canary.isClosed()) {
				try (Socket socket = canary.accept()) {
					canaryConnections.incrementAndGet();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		publicSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		publicSite.createContext("/hello", (exchange) -> {
			byte[] body = "hello from a public site".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		publicSite.createContext("/redirect-inside", (exchange) -> {
			exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + canary.getLocalPort() + "/");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		publicSite.createContext("/redirect-ok", (exchange) -> {
			exchange.getResponseHeaders().set("Location", "/hello");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		publicSite.start();
	}

	@AfterAll
	static void stopServers() throws IOException {
		canary.close();
		publicSite.stop(0);
		assertThat(canaryConnections).as("connections that reached the canary").hasValue(0);
	}

	static Stream<String> blocked() {
		int p = canary.getLocalPort();
		return Stream.of("http://127.0.0.1:" + p + "/", "http://localhost:" + p + "/", "http://127.1:" + p + "/",
				"http://127.0.1:" + p + "/", "http://2130706433:" + p + "/", "http://0x7f000001:" + p + "/",
				"http://0177.0.0.1:" + p + "/", "http://0x7f.0.0.1:" + p + "/", "http://017700000001:" + p + "/",
				"http://0x7f.1:" + p + "/", "http://127.0.0.1.:" + p + "/", "http://0:" + p + "/",
				"http://0.0.0.0:" + p + "/", "http://[::1]:" + p + "/", "http://[::]:" + p + "/",
				"http://[0:0:0:0:0:0:0:1]:" + p + "/", "http://[::ffff:127.0.0.1]:" + p + "/",
				"http://[::ffff:7f00:1]:" + p + "/", "http://[::127.0.0.1]:" + p + "/",
				"http://[2002:7f00:1::]:" + p + "/", "http://[64:ff9b::7f00:1]:" + p + "/", "http://[64:ff9b::a00:1]/",
				"http://[64:ff9b:1::5db8:d822]/", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[fc00::1]/",
				"http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[fec0::1]/", "http://[ff02::1]/",
				"http://[2001:db8::1]/", "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/",
				"http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
				"http://100.64.0.1/", "http://100.127.255.254/", "http://224.0.0.1/", "http://239.255.255.250/",
				"http://255.255.255.255/", "http://240.0.0.1/", "http://192.0.0.1/", "http://192.0.2.1/",
				"http://198.18.0.1/", "http://198.51.100.1/", "http://203.0.113.1/", "http://192.88.99.1/",
				"http://internal.example/", "http://metadata.example/", "http://rebind.example:" + p + "/",
				"http://v6local.example:" + p + "/", "http://mapped.example/", "http://nowhere.example/",
				"http://1.2.3.4.5/", "http://256.1.1.1/", "http://0x1g.0.0.1/", "ftp://" + PUBLIC_IP + "/",
				"file:///etc/passwd", "gopher://127.0.0.1:" + p + "/", "javascript:alert(1)", "data:text/plain,hi",
				"http://user:pass@public.example/", "https://", "not a url", "http:///path",
				"http://public.example/redirect-inside");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("blocked")
	void isRefusedBeforeAnyConnection(String url) {
		StepVerifier.create(tool(List.of()).call(JSON.createObjectNode().put("url", url), context()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void blocksAtLeastSixtyForms() {
		assertThat(blocked()).hasSizeGreaterThanOrEqualTo(60);
	}

	@Test
	void aPublicHostIsFetchedAndItsRedirectsFollowed() {
		for (String path : List.of("/hello", "/redirect-ok")) {
			StepVerifier.create(
					tool(List.of()).call(JSON.createObjectNode().put("url", "http://public.example" + path), context()))
				.assertNext((output) -> {
					assertThat(output.value().get("status").asInt()).isEqualTo(200);
					assertThat(output.value().get("body").asString()).isEqualTo("hello from a public site");
				})
				.verifyComplete();
		}
	}

	@Test
	void theAllowlistKeepsOtherHostsOut() {
		StepVerifier
			.create(tool(List.of("*.allowed.example"))
				.call(JSON.createObjectNode().put("url", "http://public.example/hello"), context()))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("allowlist"))
			.verify(Duration.ofSeconds(5));
	}

	private static HttpFetchTool tool(List<String> allowedHosts) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("resolver", (HostResolver) HttpFetchToolTests::resolve);
		beans.addBean("dialer", (Dialer) (checked) -> checked.getAddress().getHostAddress().equals(PUBLIC_IP)
				? new InetSocketAddress(InetAddress.getLoopbackAddress(), publicSite.getAddress().getPort()) : checked);
		return new HttpFetchTool(
				new HttpFetchProperties(allowedHosts, DataSize.ofKilobytes(64), Duration.ofSeconds(3), 3), JSON,
				beans.getBeanProvider(HostResolver.class), beans.getBeanProvider(Dialer.class));
	}

	/**
	 * A DNS for the test: public names to a public address, tricky names to internal
	 * ones.
	 */
	private static List<InetAddress> resolve(String host) throws UnknownHostException {
		Map<String, List<String>> names = Map.of("public.example", List.of(PUBLIC_IP), "localhost",
				List.of("127.0.0.1"), "internal.example", List.of("10.0.0.5"), "metadata.example",
				List.of("169.254.169.254"), "rebind.example", List.of(PUBLIC_IP, "127.0.0.1"), "v6local.example",
				List.of("::1"), "mapped.example", List.of("::ffff:10.0.0.1"));
		List<String> addresses = names.get(host);
		if (addresses == null) {
			throw new UnknownHostException(host);
		}
		return addresses.stream().map((address) -> {
			try {
				return InetAddress.getByName(address);
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static ToolContext context() {
		return new ToolContext("u", "s", "t");
	}

}
