package dev.agentserve.tool.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static dev.agentserve.tool.fetch.FetchFixtures.PUBLIC_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code http_fetch} cannot be turned against the network it runs in: every blocked form
 * is refused by the policy, with the reason, before anything is dialled. A recording
 * {@link Dialer} sees every connection the tool would make (and makes none itself except
 * to the stand-in public site), so a form the policy let through shows up as a dial
 * attempt, whatever range it points into; a canary on loopback catches anything that
 * connects around the dialer.
 */
class HttpFetchToolTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BLOCKED = "resolves to a blocked address";

	private static final String UNRESOLVED = "cannot be resolved";

	private static final String SCHEME = "Only http and https URLs can be fetched";

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

	static Stream<Arguments> blocked() {
		int p = canary.getLocalPort();
		Stream<String> blockedAddresses = Stream.of("http://127.0.0.1:" + p + "/", "http://localhost:" + p + "/",
				"http://2130706433:" + p + "/", "http://0x7f000001:" + p + "/", "http://0177.0.0.1:" + p + "/",
				"http://017700000001:" + p + "/", "http://0:" + p + "/", "http://0.0.0.0:" + p + "/",
				"http://[::1]:" + p + "/", "http://[::]:" + p + "/", "http://[0:0:0:0:0:0:0:1]:" + p + "/",
				"http://[::ffff:127.0.0.1]:" + p + "/", "http://[::ffff:7f00:1]:" + p + "/",
				"http://[::127.0.0.1]:" + p + "/", "http://[2002:7f00:1::]:" + p + "/",
				"http://[64:ff9b::7f00:1]:" + p + "/", "http://[64:ff9b::a00:1]/", "http://[64:ff9b:1::5db8:d822]/",
				"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
				"http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[fec0::1]/", "http://[ff02::1]/",
				"http://[2001:db8::1]/", "http://[::ffff:169.254.169.254]/", "http://10.0.0.1/",
				"http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
				"http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://100.127.255.254/",
				"http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://240.0.0.1/",
				"http://192.0.0.1/", "http://192.0.2.1/", "http://198.18.0.1/", "http://198.51.100.1/",
				"http://203.0.113.1/", "http://192.88.99.1/", "http://internal.example/", "http://metadata.example/",
				"http://rebind.example:" + p + "/", "http://v6local.example:" + p + "/", "http://mapped.example/");
		// java.net.URI finds no server-based host in these spellings: refused before any
		// resolution.
		Stream<String> noHost = Stream.of("http://127.1:" + p + "/", "http://127.0.1:" + p + "/",
				"http://0x7f.0.0.1:" + p + "/", "http://0x7f.1:" + p + "/", "http://127.0.0.1.:" + p + "/",
				"http://1.2.3.4.5/", "http://256.1.1.1/", "http://0x1g.0.0.1/", "http:///path");
		Stream<String> unresolvable = Stream.of("http://nowhere.example/", "http://no-such-host.example:" + p + "/");
		Stream<String> otherSchemes = Stream.of("ftp://" + PUBLIC_IP + "/", "file:///etc/passwd",
				"gopher://127.0.0.1:" + p + "/", "javascript:alert(1)", "data:text/plain,hi");
		return Stream
			.of(blockedAddresses.map((url) -> arguments(url, BLOCKED)),
					noHost.map((url) -> arguments(url, "The URL has no host")),
					unresolvable.map((url) -> arguments(url, UNRESOLVED)),
					otherSchemes.map((url) -> arguments(url, SCHEME)),
					Stream.of(arguments("http://user:pass@public.example/", "URLs with credentials are not fetched"),
							arguments("https://", "Not a valid URL"), arguments("not a url", "Not a valid URL")))
			.flatMap((arguments) -> arguments);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("blocked")
	void isRefusedByThePolicyBeforeAnyDial(String url, String reason) {
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());

		StepVerifier.create(fetch(dialer, url))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class).hasMessageContaining(reason))
			.verify(Duration.ofSeconds(15));
		assertThat(dialer.attempts()).as("dial attempts").isEmpty();
	}

	/**
	 * What the size check meant: the tool refuses at least sixty distinct forms (the
	 * forms' count alone proved nothing about the tool).
	 */
	@Test
	void atLeastSixtyDistinctFormsAreRefusedBeforeAnyDial() {
		List<String> urls = blocked().map((arguments) -> (String) arguments.get()[0]).toList();
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());
		int refused = 0;
		for (String url : urls) {
			Throwable failure = catchThrowable(() -> fetch(dialer, url).block(Duration.ofSeconds(15)));
			if (failure instanceof ToolException && dialer.attempts().isEmpty()) {
				refused++;
			}
		}
		assertThat(new HashSet<>(urls)).hasSameSizeAs(urls);
		assertThat(refused).isEqualTo(urls.size()).isGreaterThanOrEqualTo(60);
	}

	@Test
	void aRedirectIntoTheNetworkIsRefusedAfterDiallingOnlyThePublicSite() {
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());

		StepVerifier.create(fetch(dialer, "http://public.example/redirect-inside"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class)
				.hasMessage("The host 127.0.0.1 " + BLOCKED))
			.verify(Duration.ofSeconds(15));
		assertThat(dialer.attempts()).containsExactly(PUBLIC_IP + ":80");
	}

	@Test
	void theRecorderSeesTheDialsOfAnAllowedAddress() {
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());

		StepVerifier.create(fetch(dialer, "http://8.8.8.8:8080/"))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage(FetchFixtures.RecordingDialer.REFUSED))
			.verify(Duration.ofSeconds(15));
		assertThat(dialer.attempts()).containsExactly("8.8.8.8:8080");
	}

	@Test
	void aPublicHostIsFetchedAndItsRedirectsFollowed() {
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());
		for (String path : List.of("/hello", "/redirect-ok")) {
			StepVerifier.create(fetch(dialer, "http://public.example" + path)).assertNext((output) -> {
				assertThat(output.value().get("status").asInt()).isEqualTo(200);
				assertThat(output.value().get("body").asString()).isEqualTo("hello from a public site");
			}).verifyComplete();
		}
		assertThat(dialer.attempts()).containsExactly(PUBLIC_IP + ":80", PUBLIC_IP + ":80", PUBLIC_IP + ":80");
	}

	@Test
	void theAllowlistKeepsOtherHostsOut() {
		FetchFixtures.RecordingDialer dialer = new FetchFixtures.RecordingDialer(publicSite.getAddress().getPort());

		StepVerifier
			.create(FetchFixtures.tool(List.of("*.allowed.example"), dialer)
				.call(JSON.createObjectNode().put("url", "http://public.example/hello"), context()))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("allowlist"))
			.verify(Duration.ofSeconds(15));
		assertThat(dialer.attempts()).isEmpty();
	}

	@Test
	void theAuditShowsNeitherQueryValuesNorUserInfo() {
		HttpFetchTool tool = FetchFixtures.tool(List.of(), new FetchFixtures.RecordingDialer(0));

		assertThat(tool
			.auditArguments(JSON.createObjectNode()
				.put("url", "https://api.example:8443/v1/items?token=tok-3f8a9c&page=2#frag")
				.put("method", "GET"))
			.toString()).isEqualTo(
					"{\"url\":\"https://api.example:8443/v1/items?token=<redacted>&page=<redacted>\",\"method\":\"GET\"}");
		assertThat(tool.auditArguments(JSON.createObjectNode().put("url", "http://alice:hunter2pw@[2001:db8::1]/x?k"))
			.path("url")
			.asString()).isEqualTo("http://[2001:db8::1]/x?<redacted>");
		assertThat(tool.auditArguments(JSON.createObjectNode().put("url", "data:text/plain,secret-token"))
			.path("url")
			.asString()).isEqualTo("data:<redacted>");
	}

	private static reactor.core.publisher.Mono<dev.agentserve.tool.ToolOutput> fetch(Dialer dialer, String url) {
		return FetchFixtures.tool(List.of(), dialer).call(JSON.createObjectNode().put("url", url), context());
	}

	private static ToolContext context() {
		return new ToolContext("u", "s", "t");
	}

}
