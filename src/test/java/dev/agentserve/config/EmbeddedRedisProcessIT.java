package dev.agentserve.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded redis-server as a process: a Ctrl-C (SIGINT to the terminal's foreground
 * process group) lets running turns drain before it stops, and a JVM killed hard leaves
 * no redis-server behind.
 */
class EmbeddedRedisProcessIT {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private static final Pattern PORT = Pattern.compile("EMBEDDED-REDIS port=(\\d+)");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void aJvmKilledHardLeavesNoRedisServerBehind() throws Exception {
		Process jvm = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
				EmbeddedRedisProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		ProcessHandle server = null;
		try {
			int port = CompletableFuture.supplyAsync(() -> portOf(jvm)).get(60, TimeUnit.SECONDS);
			server = redisServerUnder(jvm.toHandle());
			assertThat(listening(port)).isTrue();

			jvm.destroyForcibly();
			assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

			await().atMost(Duration.ofSeconds(10)).until(server::isAlive, (alive) -> !alive);
			assertThat(listening(port)).isFalse();
		}
		finally {
			jvm.descendants().forEach(ProcessHandle::destroyForcibly);
			jvm.destroyForcibly();
			if (server != null) {
				server.destroyForcibly();
			}
		}
	}

	/**
	 * Longer than the suite's 60 s default: the start of the packaged jar alone may take
	 * up to 90 s, and its exit up to 60 s, on a busy machine.
	 */
	@Test
	@Timeout(value = 4, unit = TimeUnit.MINUTES)
	void ctrlCDrainsTheRunningTurnBeforeTheEmbeddedServerStops() throws Exception {
		assumeThat(SETSID).as("setsid puts the service in its own process group").isExecutable();
		Path jar = packagedJar();
		int port = freePort();
		Path output = Files.createTempFile("agentserve-ctrl-c", ".log");
		// SIGINT at its default, as in a terminal's foreground: a build started in the
		// background (nohup, &) ignores it, its children inherit that, and a JVM started
		// with SIGINT ignored never handles it.
		ProcessBuilder builder = new ProcessBuilder(SETSID.toString(), "env", "--default-signal=INT", java(), "-jar",
				jar.toString(), "--server.port=" + port, "--agentserve.models.demo.token-delay=100ms")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().keySet().removeIf((name) -> name.equals("REDIS_URL") || name.startsWith("SPRING_"));
		Process service = builder.start();
		ProcessHandle server = null;
		try {
			String base = "http://127.0.0.1:" + port;
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> get(base + "/health") == 200);
			server = redisServerUnder(service.toHandle());
			String sessionId = JsonMapper.builder()
				.build()
				.readTree(post(base + "/sessions", "{\"agentType\":\"assistant\"}"))
				.path("sessionId")
				.asString();

			try (SseClient turn = SseClient.post(base + "/sessions/" + sessionId + "/chat",
					"{\"message\":\"hello\"}")) {
				assertThat(turn.next().type()).isEqualTo("turn_started");
				// What a terminal does on Ctrl-C: SIGINT to the whole foreground process
				// group, here the service's own (setsid made it the group leader).
				assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + service.pid()).start().waitFor()).isZero();

				List<Frame> rest = CompletableFuture.supplyAsync(turn::rest).get(60, TimeUnit.SECONDS);
				assertThat(rest).isNotEmpty();
				assertThat(rest.get(rest.size() - 1).type()).as(Files.readString(output)).isEqualTo("done");
			}
			assertThat(service.waitFor(60, TimeUnit.SECONDS))
				.as(() -> "the service exits; it printed:\n" + read(output))
				.isTrue();
			assertThat(service.exitValue()).as(Files.readString(output)).isIn(0, 130);
			await().atMost(Duration.ofSeconds(10)).until(server::isAlive, (alive) -> !alive);
			assertThat(Files.readString(output)).doesNotContain("RedisConnectionFailureException")
				.doesNotContain("Connection refused");
		}
		finally {
			service.descendants().forEach(ProcessHandle::destroyForcibly);
			service.destroyForcibly();
			if (server != null) {
				server.destroyForcibly();
			}
			Files.deleteIfExists(output);
		}
	}

	private static String read(Path output) {
		try {
			return Files.readString(output);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("agentserve-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no target/agentserve-*.jar: run mvn verify"));
		}
	}

	private static ProcessHandle redisServerUnder(ProcessHandle parent) {
		return parent.descendants()
			.filter((handle) -> handle.info().command().map((path) -> path.contains("redis-server")).orElse(false))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no redis-server under process " + parent.pid()));
	}

	private static int portOf(Process jvm) {
		try {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				Matcher matcher = PORT.matcher(line);
				if (matcher.find()) {
					return Integer.parseInt(matcher.group(1));
				}
			}
			throw new IllegalStateException("the probe ended without starting redis-server");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int get(String url) throws IOException, InterruptedException {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static String post(String url, String json) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response.body();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
