package dev.agentserve.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged jar ({@code target/agentserve-*.jar}, built by {@code package} before
 * failsafe runs) started as its own process with exactly the environment a test gives it:
 * what an operator's deployment sees, relaxed binding and all.
 */
public final class PackagedApp implements AutoCloseable {

	public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path output;

	private final int port;

	private PackagedApp(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/** Starts the jar with only {@code PATH}, a free {@code PORT} and these variables. */
	public static PackagedApp start(Map<String, String> environment, String... systemProperties) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(java(), "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseSerialGC"));
		command.addAll(List.of(systemProperties));
		command.addAll(List.of("-jar", jar().toString()));
		return run(command, environment);
	}

	/**
	 * Runs exactly this command (a {@code java} launch of the service, as a document
	 * shows it) with only {@code PATH}, a free {@code PORT} and these variables.
	 */
	public static PackagedApp run(List<String> command, Map<String, String> environment) throws IOException {
		int port = freePort();
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().putAll(environment);
		Path output = Files.createTempFile("agentserve-packaged", ".log");
		builder.redirectErrorStream(true).redirectOutput(output.toFile());
		return new PackagedApp(builder.start(), output, port);
	}

	/** The {@code java} launcher of the JDK that runs the tests. */
	public static String java() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

	public static Path jar() throws IOException {
		Path target = Paths.get("target");
		try (Stream<Path> files = Files.list(target)) {
			return files
				.filter((file) -> file.getFileName().toString().matches("agentserve-.*\\.jar")
						&& !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No target/agentserve-*.jar: run this test through 'mvnw verify' (package builds the jar)"));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalStateException("No target directory: run this test through 'mvnw verify'", ex);
		}
	}

	/**
	 * Waits until {@code /health} answers; fails with the process output if it exits or
	 * takes longer than {@link #START_TIMEOUT}.
	 */
	public PackagedApp awaitStarted() throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				fail("The packaged app exited with " + this.process.exitValue() + ":\n" + output());
			}
			if (answers()) {
				return this;
			}
			this.process.waitFor(250, TimeUnit.MILLISECONDS);
		}
		return fail("The packaged app did not answer /health within " + START_TIMEOUT + ":\n" + output());
	}

	/**
	 * Waits for the process to exit and returns its exit code; fails if it starts serving
	 * instead, or takes longer than {@link #START_TIMEOUT}.
	 */
	public int awaitExit() throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.process.waitFor(250, TimeUnit.MILLISECONDS)) {
				return this.process.exitValue();
			}
			if (answers()) {
				fail("The packaged app started and serves HTTP instead of refusing to start:\n" + output());
			}
		}
		return fail("The packaged app neither exited nor served within " + START_TIMEOUT + ":\n" + output());
	}

	public HttpResponse<String> send(String method, String path, String bearer, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public String output() throws IOException {
		return Files.readString(this.output, StandardCharsets.UTF_8);
	}

	private boolean answers() {
		try {
			return send("GET", "/health", null, null).statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** The process, for tests that look at what the operating system sees of it. */
	public ProcessHandle process() {
		return this.process.toHandle();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Kills the process without any grace (SIGKILL): a crash, not a shutdown. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Files.deleteIfExists(this.output);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
