package dev.agentserve.turn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.agentserve.config.EmbeddedRedis;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one turn costs in Redis: the commands a replica sends for a chat turn with the
 * demo model (one tool call, 24 events), watched with MONITOR on a Redis of its own. The
 * events are written in batches, the start answers the history, and the client that
 * started the turn is fed from memory, so a turn takes a handful of round trips rather
 * than one per event.
 */
class TurnRoundTripsIT {

	private static final String PREFIX = "rt:";

	private static EmbeddedRedis redis;

	private static ConfigurableApplicationContext replica;

	private static Monitor monitor;

	@BeforeAll
	static void start() throws IOException {
		redis = EmbeddedRedis.start();
		// As the benchmarks run it: no request rate limit (the per-session tool-call
		// limit
		// stays on: one script call), no reaper pass or cancel poll falling inside the
		// measured turn.
		replica = Replicas.startOn("redis://" + redis.host() + ":" + redis.port(), PREFIX, "round-trips",
				"--agentserve.models.demo.token-delay=0", "--agentserve.limits.requests-per-minute=0",
				"--agentserve.turns.reap-interval=1h", "--agentserve.turns.cancel-poll=1h",
				// The budget counts the turn's own Redis work; a tool result cache adds a
				// GET
				// (and a SET on a miss) per cached call, so it is off here.
				"--agentserve.tools.overrides.calculator.cache-ttl=0s");
		monitor = new Monitor(redis.host(), redis.port());
	}

	@AfterAll
	static void stop() throws IOException {
		monitor.close();
		replica.close();
		redis.stop();
	}

	@Test
	void aTurnTakesAtMostEightRoundTripsToRedis() {
		// Warm up: scripts loaded, connections open.
		Sessions.chat(Replicas.http(replica), Sessions.createId(Replicas.http(replica)), "What is 2+2?");
		String sessionId = Sessions.createId(Replicas.http(replica));

		monitor.commands.clear();
		List<Frame> frames;
		try (SseClient sse = SseClient.post(Replicas.url(replica) + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"What is 12*(3+4)?\"}")) {
			frames = sse.rest();
		}
		// The turn's last command releases its place among the running turns.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> monitor.commands.stream().anyMatch((command) -> command.contains("\"ZREM\"")));

		assertThat(frames).extracting(Frame::type).contains("tool_call", "tool_result", "response").endsWith("done");
		List<String> sent = monitor.commands.stream().filter((command) -> !command.contains("[0 lua]")).toList();
		assertThat(sent).as("commands sent for a turn of %d events: %s", frames.size(), sent)
			.hasSizeLessThanOrEqualTo(8);
	}

	/** A MONITOR connection: every command Redis runs, as it prints them. */
	static final class Monitor implements AutoCloseable {

		final List<String> commands = new CopyOnWriteArrayList<>();

		private final Socket socket;

		Monitor(String host, int port) throws IOException {
			this.socket = new Socket(host, port);
			OutputStream out = this.socket.getOutputStream();
			out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
			Thread reader = new Thread(() -> {
				try {
					for (String line = in.readLine(); line != null; line = in.readLine()) {
						if (!line.equals("+OK")) {
							this.commands.add(line);
						}
					}
				}
				catch (IOException ex) {
					// closed
				}
			}, "redis-monitor");
			reader.setDaemon(true);
			reader.start();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
