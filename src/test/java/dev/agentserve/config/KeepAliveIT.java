package dev.agentserve.config;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends its next request on the same connection as soon as it has read a
 * response must never stall, whichever thread completed that response (Redis or the event
 * loop), and a connection stays read after pipelined requests. Guards the Reactor Netty
 * workaround in {@link ReactorNettyEnvironmentPostProcessor} and the Reactor Netty
 * version the build pins (1.3.7 lost the read: reactor/reactor-netty#4347, #4361).
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

	/**
	 * Two requests in one write, the first answered after a Redis round trip and the
	 * second at once, then a third on the same connection: each is answered. Under
	 * Reactor Netty 1.3.7 the connection was no longer read after the queued second
	 * request completed, and the third waited forever.
	 */
	@Test
	void aConnectionIsStillReadAfterPipelinedRequests() throws Exception {
		URI base = URI.create(baseUrl());
		String body = "{\"agentType\":\"assistant\",\"ttlSeconds\":5}";
		String create = "POST /sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.length() + "\r\n\r\n" + body;
		String missing = "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
		for (int round = 0; round < 20; round++) {
			try (Socket socket = new Socket(base.getHost(), base.getPort())) {
				socket.setSoTimeout(5_000);
				OutputStream out = socket.getOutputStream();
				BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
				out.write((create + missing).getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(status(in)).isEqualTo(201);
				assertThat(status(in)).isEqualTo(404);
				out.write(missing.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(status(in)).as("the request after the pipelined ones").isEqualTo(404);
			}
		}
	}

	/**
	 * Reads one response (status line, headers, a Content-Length body) and answers its
	 * status.
	 */
	private static int status(BufferedInputStream in) throws IOException {
		String statusLine = line(in);
		int length = 0;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(header.substring("content-length:".length()).trim());
			}
		}
		assertThat(in.readNBytes(length)).hasSize(length);
		return Integer.parseInt(statusLine.split(" ")[1]);
	}

	private static String line(BufferedInputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int next = in.read(); next != '\n'; next = in.read()) {
			if (next < 0) {
				throw new IOException("The connection closed after " + line);
			}
			if (next != '\r') {
				line.append((char) next);
			}
		}
		return line.toString();
	}

}
