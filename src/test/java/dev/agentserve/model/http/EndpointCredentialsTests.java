package dev.agentserve.model.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelProvider;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.UserMessage;
import dev.agentserve.support.FakeProvider;
import dev.agentserve.support.FakeProvider.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials in a {@code base-url} (user info, key-like query parameters) are sent, but
 * never shown: not in {@code toString()}, error messages, stack traces, health or logs.
 */
class EndpointCredentialsTests {

	private static final String PASSWORD = "pa55-w0rd-0f-the-proxy";

	private static final String QUERY_KEY = "query-key-4f9a8c7e";

	private static final ModelRequest REQUEST = new ModelRequest("gpt-4o", List.of(new UserMessage("hi")), List.of(),
			Map.of());

	private final FakeProvider server = new FakeProvider();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.root.addAppender(this.logs);
	}

	@AfterEach
	void stop() {
		this.root.detachAppender(this.logs);
		this.server.close();
		for (ILoggingEvent event : this.logs.list) {
			String text = event.getFormattedMessage() + ((event.getThrowableProxy() != null)
					? ThrowableProxyUtil.asString(event.getThrowableProxy()) : "");
			assertNoSecret(text);
		}
	}

	@Test
	void credentialsOfTheBaseUrlAreSentAsBasicAuthAndTheQueryWithEveryRequest() {
		ModelProvider provider = provider(baseUrl(this.server.baseUrl()), "");
		this.server.reply(Reply.stream("openai/answer.sse"));

		StepVerifier.create(stream(provider)).expectNextCount(4).expectComplete().verify(Duration.ofSeconds(5));

		FakeProvider.Recorded request = this.server.requests().get(0);
		assertThat(request.path()).isEqualTo("/v1/chat/completions?api-key=" + QUERY_KEY + "&api-version=2024-06-01");
		assertThat(request.header("Authorization")).isEqualTo(
				"Basic " + Base64.getEncoder().encodeToString(("agent:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
		assertThat(provider.status("openai", "gpt-4o")).isEqualTo("healthy");
	}

	@Test
	void toStringShowsHostAndPathOnly() {
		ModelEndpointProperties.Endpoint endpoint = endpoint(baseUrl("https://models.example:8443"), "sk-abcdef123456");

		assertThat(endpoint.toString()).contains(
				"baseUrl=https://models.example:8443/v1/?api-key=<redacted>&api-version=<redacted>", "apiKey=<set>");
		assertNoSecret(endpoint.toString());
		assertThat(endpoint.toString()).doesNotContain("agent").doesNotContain("sk-abcdef");
	}

	@Test
	void anErrorBodyEchoingTheUrlIsRedacted() {
		ModelProvider provider = provider(baseUrl(this.server.baseUrl()), "");
		this.server.reply(Reply.status(404, "{\"error\":{\"message\":\"No route for POST " + baseUrl("http://127.0.0.1")
				+ "/chat/completions (user agent:" + PASSWORD + ")\"}}"));

		StepVerifier.create(stream(provider))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).hasMessageStartingWith("openai answered 404: No route for POST")
						.satisfies((error) -> assertNoSecret(stackTrace(error))))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aConnectionFailureNamesNoCredentials() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ModelProvider provider = provider(baseUrl("http://127.0.0.1:" + closedPort), "");

		StepVerifier.create(stream(provider))
			.expectErrorSatisfies((ex) -> assertThat(ex)
				.hasMessage("Model endpoint openai could not be reached; the details are in the server log")
				.satisfies((error) -> assertNoSecret(stackTrace(error))))
			.verify(Duration.ofSeconds(5));
		assertNoSecret(provider.status("openai", "gpt-4o"));
	}

	@Test
	void anInvalidBaseUrlIsRefusedWithoutEchoingIt() {
		assertThat(org.assertj.core.api.Assertions
			.catchThrowable(() -> endpoint("ftp://agent:" + PASSWORD + "@files.example/?key=" + QUERY_KEY, "")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("the base-url of a model endpoint must be an absolute http(s) URL");
	}

	private static String baseUrl(String origin) {
		return origin.replace("://", "://agent:" + PASSWORD + "@") + "/v1/?api-key=" + QUERY_KEY
				+ "&api-version=2024-06-01";
	}

	private static ModelEndpointProperties.Endpoint endpoint(String baseUrl, String apiKey) {
		return new ModelEndpointProperties.Endpoint(EndpointType.OPENAI, baseUrl, apiKey, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofMillis(500), 0, Duration.ofMillis(50), Duration.ofSeconds(2), 1024,
				Map.of(), 50, 3, Duration.ofSeconds(30));
	}

	private static ModelProvider provider(String baseUrl, String apiKey) {
		return new EndpointModelProvider(new ModelEndpointProperties(Map.of("openai", endpoint(baseUrl, apiKey))),
				JsonMapper.builder().build());
	}

	private static Flux<ModelEvent> stream(ModelProvider provider) {
		return provider.client("openai", "gpt-4o").stream(REQUEST);
	}

	private static String stackTrace(Throwable error) {
		StringWriter text = new StringWriter();
		error.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	private static void assertNoSecret(String text) {
		assertThat(text).doesNotContain(PASSWORD).doesNotContain(QUERY_KEY).doesNotContain("agent:");
	}

}
