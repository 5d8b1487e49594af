package dev.agentserve.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends its next request on the same connection as soon as it has read a
 * response must never stall, whichever thread completed that response (Redis or the event
 * loop). Guards the Reactor Netty workaround in
 * {@link ReactorNettyEnvironmentPostProcessor}.
 */
class KeepAliveIT extends IntegrationTest {

	@Test
	void backToBackRequestsOnOneConnectionAllComplete() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		HttpRequest create = HttpRequest.newBuilder(URI.create(baseUrl() + "/sessions"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(3))
			.POST(HttpRequest.BodyPublishers.ofString("{\"agentType\":\"assistant\",\"ttlSeconds\":5}"))
			.build();
		HttpRequest missing = HttpRequest.newBuilder(URI.create(baseUrl() + "/nowhere"))
			.timeout(Duration.ofSeconds(3))
			.GET()
			.build();
		for (int i = 0; i < 150; i++) {
			assertThat(client.send(create, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
			assertThat(client.send(missing, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
		}
	}

}
