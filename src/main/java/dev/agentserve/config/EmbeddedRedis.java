package dev.agentserve.config;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * An embedded {@code redis-server} process on a free loopback port, with persistence off.
 * <p>
 * It must outlive the drain of running turns and stop last, so it is kept out of the
 * terminal's reach: started through {@code setsid} (its own session and process group), a
 * Ctrl-C that stops the JVM gracefully does not kill it. A small shell watchdog between
 * the JVM and the server ends the server when its stdin closes, which happens on
 * {@link #stop()} and whenever the JVM dies, even by SIGKILL: no orphaned server.
 * {@link EmbeddedRedisConfiguration} stops it in the lowest lifecycle phase, after
 * everything else (turn drain, web server, Redis clients). The library's own start is not
 * used: it registers a JVM shutdown hook that kills the server while the turns still
 * drain.
 */
public final class EmbeddedRedis {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

	private static final String HOST = "127.0.0.1";

	private static final int ATTEMPTS = 3;

	private static final long READY_SECONDS = 20;

	private static final long STOP_SECONDS = 10;

	private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

	private static final Path SH = Path.of("/bin/sh");

	/**
	 * Runs the server ({@code "$@"}) in the background and waits for stdin to close; then
	 * stops it. The server's stdin is {@code /dev/null}, so only the JVM holds the pipe.
	 */
	private static final String WATCHDOG = """
			"$@" </dev/null & server=$!
			trap 'kill -TERM "$server" 2>/dev/null; exit 143' TERM
			while read -r _; do :; done
			kill -TERM "$server" 2>/dev/null
			wait "$server"
			""";

	private final Process process;

	private final ProcessHandle server;

	private final int port;

	private EmbeddedRedis(Process process, ProcessHandle server, int port) {
		this.process = process;
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on a free port; retries when another process takes the port first.
	 */
	public static EmbeddedRedis start() {
		IOException last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = freePort();
			try {
				EmbeddedRedis redis = startOn(port);
				log.warn("No Redis configured (REDIS_URL unset): started an embedded redis-server on {}:{}. "
						+ "Its data is NOT durable and is lost when the service stops; set REDIS_URL in production.",
						HOST, port);
				return redis;
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new UncheckedIOException("Could not start an embedded redis-server", last);
	}

	/** Starts a server on the given port. */
	public static EmbeddedRedis startOn(int port) throws IOException {
		List<String> redis = RedisServer.newRedisServer()
			.bind(HOST)
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.buildCommandArgs();
		List<String> command = new ArrayList<>();
		boolean watched = Files.isExecutable(SH);
		if (watched) {
			Optional<Path> setsid = SETSID.stream().filter(Files::isExecutable).findFirst();
			if (setsid.isPresent()) {
				command.add(setsid.get().toString());
			}
			else {
				log.warn("setsid not found: a Ctrl-C in the terminal stops the embedded redis-server at once, "
						+ "before running turns drain");
			}
			command.addAll(List.of(SH.toString(), "-c", WATCHDOG, "embedded-redis"));
		}
		command.addAll(redis);
		Process process = new ProcessBuilder(command).directory(new File(redis.get(0)).getParentFile())
			.redirectErrorStream(true)
			.start();
		try {
			awaitReady(process, port);
			ProcessHandle server = watched ? process.descendants()
				.filter((handle) -> handle.info().command().map((path) -> path.equals(redis.get(0))).orElse(false))
				.findFirst()
				.orElseThrow(() -> new IOException("redis-server is not running")) : process.toHandle();
			return new EmbeddedRedis(process, server, port);
		}
		catch (IOException | RuntimeException ex) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw ex;
		}
	}

	/**
	 * Reads the server's output until it is ready, then keeps draining it (a full pipe
	 * would block the server) to the debug log.
	 */
	private static void awaitReady(Process process, int port) throws IOException {
		CompletableFuture<Boolean> ready = new CompletableFuture<>();
		StringBuilder early = new StringBuilder();
		Thread.ofVirtual().name("embedded-redis-" + port).start(() -> {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					if (!ready.isDone()) {
						early.append(line).append('\n');
						if (line.contains("eady to accept connections")) {
							ready.complete(true);
						}
					}
					log.debug("redis-server: {}", line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
			ready.complete(false);
		});
		try {
			if (!ready.get(READY_SECONDS, TimeUnit.SECONDS)) {
				throw new IOException("redis-server on port " + port + " did not start: " + early.toString().strip());
			}
		}
		catch (TimeoutException ex) {
			throw new IOException("redis-server on port " + port + " was not ready within " + READY_SECONDS + " s");
		}
		catch (ExecutionException ex) {
			throw new IOException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while starting redis-server", ex);
		}
	}

	public String host() {
		return HOST;
	}

	public int port() {
		return this.port;
	}

	/** The redis-server process, for tests that check it is gone. */
	public ProcessHandle server() {
		return this.server;
	}

	/** Stops the server and waits (bounded) until it is gone; idempotent. */
	public synchronized void stop() {
		if (!this.server.isAlive() && !this.process.isAlive()) {
			return;
		}
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// the watchdog is gone already
		}
		if (this.server.pid() == this.process.pid()) {
			this.process.destroy();
		}
		try {
			this.server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
			this.process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Embedded redis-server on port {} did not stop within {} s; killing it", this.port, STOP_SECONDS);
		}
		this.server.destroyForcibly();
		this.process.destroyForcibly();
	}

	public boolean isRunning() {
		return this.server.isAlive();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
