package dev.agentserve.stream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The WebSocket protocol with a real WebSocket client. */
class WebSocketIT extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Resume frames the non-reading client sends; unbounded, each would keep ~8 MB. */
	private static final int RESUMES = 15;

	/**
	 * What a stalled connection may cost (~8 MB measured); the unbounded outbound sink
	 * this replaced kept ~166 MB after GC here.
	 */
	private static final long HEAP_BOUND = 24L * 1024 * 1024;

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private MeterRegistry meters;

	@Test
	void turnsBadFramesAndResumeShareOneConnection() throws Exception {
		String sessionId = Sessions.createId(this.http);
		try (Socket socket = new Socket(sessionId)) {
			socket.send("{\"type\":\"chat\",\"message\":\"What is 12*(3+4)?\"}");
			List<JsonNode> first = socket.untilTerminal();
			assertThat(first.get(0).get("type").asString()).isEqualTo("turn_started");
			assertThat(first.get(first.size() - 1).get("response").asString()).isEqualTo("12*(3+4) = 84");

			socket.send("not json");
			assertThat(socket.next().get("code").asString()).isEqualTo("bad_frame");
			socket.send("{\"type\":\"dance\"}");
			assertThat(socket.next().get("code").asString()).isEqualTo("unknown_type");
			socket.send("{\"type\":\"chat\"}");
			assertThat(socket.next().get("code").asString()).isEqualTo("bad_frame");
			socket.send("{\"type\":\"cancel\"}");
			assertThat(socket.next().get("code").asString()).isEqualTo("no_running_turn");

			socket.send("{\"type\":\"chat\",\"message\":\"What is 2+2?\"}");
			List<JsonNode> second = socket.untilTerminal();
			assertThat(second.get(second.size() - 1).get("response").asString()).isEqualTo("2+2 = 4");
			assertThat(second.get(0).get("turnId").asString()).isNotEqualTo(first.get(0).get("turnId").asString());

			String firstTurn = first.get(0).get("turnId").asString();
			socket.send("{\"type\":\"resume\",\"turnId\":\"" + firstTurn + "\",\"after\":3}");
			List<JsonNode> resumed = socket.untilTerminal();
			assertThat(resumed.get(0).get("seq").asLong()).isEqualTo(4);
			assertThat(resumed).hasSize(first.size() - 3);
		}
	}

	@Test
	void cancelFrameStopsTheRunningTurn() throws Exception {
		this.scripted.play(ScriptedModel.words(50, 100));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		try (Socket socket = new Socket(sessionId)) {
			socket.send("{\"type\":\"chat\",\"message\":\"talk\"}");
			socket.next();
			socket.next();
			socket.send("{\"type\":\"cancel\"}");
			List<JsonNode> rest = socket.untilTerminal();
			assertThat(rest.get(rest.size() - 1).get("type").asString()).isEqualTo("cancelled");
		}
	}

	@Test
	void anOversizedFrameClosesTheConnectionWith1009() throws Exception {
		String sessionId = Sessions.createId(this.http);
		try (Socket socket = new Socket(sessionId)) {
			socket.send("{\"type\":\"chat\",\"message\":\"" + "x".repeat(70_000) + "\"}");
			assertThat(socket.closeStatus()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
		}
	}

	@Test
	void anUnknownSessionGetsAnErrorFrameAndAClose() throws Exception {
		try (Socket socket = new Socket("00000000-0000-4000-8000-000000000000")) {
			assertThat(socket.next().get("code").asString()).isEqualTo("not_found");
			assertThat(socket.closeStatus()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
		}
	}

	@Test
	void aClientThatSendsButNeverReadsKeepsTheHeapFlatAndIsClosed() throws Exception {
		String sessionId = scriptedSession();
		String turnId = bigTurn(sessionId);
		long before = heapAfterGc();
		double received = received();
		double slow = closedTooSlow();
		try (RawWebSocket socket = RawWebSocket.open(baseUrl(), "/ws/" + sessionId, Map.of())) {
			// Each resume asks for the whole finished turn (~8 MB) again; the client
			// reads nothing.
			for (int i = 0; i < RESUMES; i++) {
				socket.sendText(resume(turnId, 0));
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(received() - received).as("frames the server read")
					.isGreaterThanOrEqualTo(RESUMES));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(heapAfterGc() - before).as("heap growth with a stalled client")
					.isLessThan(HEAP_BOUND));
			assertThat(pendingFrames()).isLessThanOrEqualTo(256.0);
			// Chat frames each need a reply (busy, a follow over the cap, ...) that the
			// client never takes: the connection is closed once they exceed the limit.
			for (int i = 0; i < 1000 && closedTooSlow() == slow; i++) {
				socket.sendText("{\"type\":\"chat\",\"message\":\"hello " + i + "\"}");
			}
			// Late in the whole suite (many cached contexts in one JVM) the replies back
			// up
			// more slowly: the close must come, not within a tight time.
			await().atMost(Duration.ofSeconds(30)).until(() -> closedTooSlow() > slow);
			RawWebSocket.Closing closing = socket.readUntilClose();
			assertThat(closing.code()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
			assertThat(closing.reason()).isEqualTo("client too slow; resume with after=<last seq received>");
			assertThat(closing.texts()).isNotEmpty();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> pendingFrames() == 0);
	}

	@Test
	void invalidUtf8InATextFrameClosesWith1007AndStartsNothing() throws Exception {
		String sessionId = Sessions.createId(this.http);
		try (RawWebSocket socket = RawWebSocket.open(baseUrl(), "/ws/" + sessionId, Map.of())) {
			byte[] prefix = "{\"type\":\"chat\",\"message\":\"caf".getBytes(StandardCharsets.UTF_8);
			byte[] frame = Arrays.copyOf(prefix, prefix.length + 4);
			frame[prefix.length] = (byte) 0xC3;
			frame[prefix.length + 1] = (byte) 0x28;
			frame[prefix.length + 2] = '"';
			frame[prefix.length + 3] = '}';
			socket.sendText(frame);
			RawWebSocket.Closing closing = socket.readUntilClose();
			assertThat(closing.code()).isEqualTo(CloseStatus.BAD_DATA.getCode());
			assertThat(closing.texts()).isEmpty();
		}
		this.http.get()
			.uri("/sessions/{id}", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messageCount")
			.isEqualTo(0);
	}

	@Test
	void pingsAreAnsweredWithTheirPayload() throws Exception {
		String sessionId = Sessions.createId(this.http);
		try (RawWebSocket socket = RawWebSocket.open(baseUrl(), "/ws/" + sessionId, Map.of())) {
			socket.send(0x9, "are you there".getBytes(StandardCharsets.UTF_8));
			assertThat(socket.readPong()).asString(StandardCharsets.UTF_8).isEqualTo("are you there");
		}
	}

	@Test
	void aConnectionFollowsAtMostMaxFollowsTurnsAndReleasesFinishedOnes() throws Exception {
		String sessionId = scriptedSession();
		// Far more than the sockets between server and client can buffer.
		String big = bigTurn(sessionId, 600);
		List<String> small = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			this.scripted.play(ScriptedModel.answer("ok " + i));
			small.add(Sessions.chat(this.http, sessionId, "hi").get("turnId").asString());
		}
		try (RawWebSocket socket = RawWebSocket.open(baseUrl(), "/ws/" + sessionId, Map.of())) {
			// The big turn fills the socket and half the outbox (1 MB of 20 KB frames),
			// so none
			// of the following follows can take an event, let alone end, until the client
			// reads.
			socket.sendText(resume(big, 0));
			await().atMost(Duration.ofSeconds(20)).until(() -> pendingFrames() >= 20);
			for (int i = 0; i < 7; i++) {
				socket.sendText(resume(small.get(i), 0));
			}
			socket.sendText(resume(small.get(7), 0));
			// Resuming a followed turn replaces its follow and is no new one.
			socket.sendText(resume(big, 200));
			RawWebSocket.Closing refused = socket.readUntil((text) -> text.contains("too_many_follows"));
			JsonNode error = JSON.readTree(refused.texts().get(refused.texts().size() - 1));
			assertThat(error.get("code").asString()).isEqualTo("too_many_follows");
			assertThat(error.get("turnId").asString()).isEqualTo(small.get(7));
			assertThat(refused.texts())
				.noneMatch((text) -> text.contains("\"type\":\"error\"") && !text.contains("too_many_follows"));

			// Once the follows have delivered their turns, they are released.
			Set<String> done = new HashSet<>();
			socket.readUntil((text) -> {
				JsonNode event = JSON.readTree(text);
				if (event.path("type").asString().equals("done")) {
					done.add(event.get("turnId").asString());
				}
				return done.size() == 8;
			});
			socket.sendText(resume(small.get(7), 0));
			RawWebSocket.Closing resumed = socket.readUntil((text) -> text.contains("\"type\":\"done\""));
			JsonNode last = JSON.readTree(resumed.texts().get(resumed.texts().size() - 1));
			assertThat(last.get("turnId").asString()).isEqualTo(small.get(7));
			assertThat(resumed.texts()).noneMatch((text) -> text.contains("too_many_follows"));
		}
	}

	@Test
	void aConnectionOpenedWhileRedisStallsIsToldUnavailableAndClosedWith1013() throws Exception {
		String sessionId = Sessions.createId(this.http);
		pauseRedis();
		try (Socket socket = new Socket(sessionId)) {
			JsonNode error = socket.next();
			assertThat(error.get("code").asString()).isEqualTo("unavailable");
			assertThat(error.get("message").asString())
				.isEqualTo("The session store (Redis) is unavailable; retry shortly");
			assertThat(socket.closeStatus()).isEqualTo(CloseStatus.SERVICE_OVERLOAD.getCode());
		}
		finally {
			unpauseRedis();
		}
	}

	@Test
	void aResumeWhileRedisStallsGetsUnavailableAndTheConnectionStaysUsable() throws Exception {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2+2?").get("turnId").asString();
		try (Socket socket = new Socket(sessionId)) {
			socket.send("{\"type\":\"cancel\"}");
			assertThat(socket.next().get("code").asString()).isEqualTo("no_running_turn");
			pauseRedis();
			try {
				socket.send(resume(turnId, 0));
				JsonNode error = socket.next();
				assertThat(error.get("code").asString()).isEqualTo("unavailable");
				assertThat(error.get("turnId").asString()).isEqualTo(turnId);
				assertThat(error.get("message").asString())
					.isEqualTo("The session store (Redis) is unavailable; retry shortly");
			}
			finally {
				unpauseRedis();
			}
			socket.send(resume(turnId, 0));
			List<JsonNode> events = socket.untilTerminal();
			assertThat(events.get(events.size() - 1).get("response").asString()).isEqualTo("2+2 = 4");
		}
	}

	@Test
	void onlyAllowedOriginsMayOpenASocket() {
		String sessionId = Sessions.createId(this.http);
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
		assertThat(handshake(uri, "http://evil.example")).isFalse();
		assertThat(handshake(uri, "http://allowed.example")).isTrue();
	}

	/**
	 * A session of the scripted model without the 3 s turn timeout of {@code scripted}.
	 */
	private String scriptedSession() {
		return Sessions.create(patient(), Map.of("agentType", "scripted-text")).get("sessionId").asString();
	}

	/**
	 * A finished turn of 200 deltas of 20 KB (its done event repeats them all): ~8 MB,
	 * more than the kernel's socket buffers (~3 MB on loopback) and Netty's in-flight
	 * frames hold, so a client that does not read it stalls the connection.
	 */
	private String bigTurn(String sessionId) {
		return bigTurn(sessionId, 200);
	}

	private String bigTurn(String sessionId, int deltas) {
		this.scripted.play(Flux.range(1, deltas)
			.<ModelEvent>map((i) -> new ModelEvent.TextDelta("x".repeat(20_000)))
			.concatWith(Flux.just(new ModelEvent.Finish(ModelEvent.Finish.STOP))));
		return Sessions.chat(patient(), sessionId, "talk").get("turnId").asString();
	}

	/** A client for large answers on a busy machine. */
	private WebTestClient patient() {
		return this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
			.build();
	}

	private static String resume(String turnId, long after) {
		return "{\"type\":\"resume\",\"turnId\":\"" + turnId + "\",\"after\":" + after + "}";
	}

	private double received() {
		Counter counter = this.meters.find("agentserve.websocket.frames.received").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double closedTooSlow() {
		Counter counter = this.meters.find("agentserve.websocket.closed").tag("reason", "too_slow").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double pendingFrames() {
		Gauge gauge = this.meters.find("agentserve.websocket.pending.frames").gauge();
		return (gauge != null) ? gauge.value() : -1;
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Stalls the test Redis for 4 s (longer than the 2 s command timeout), as a failover
	 * or a long command would.
	 */
	private static void pauseRedis() throws IOException {
		redis("CLIENT", "PAUSE", "4000", "ALL");
	}

	private static void unpauseRedis() throws IOException {
		redis("CLIENT", "UNPAUSE");
	}

	private static void redis(String... command) throws IOException {
		URI uri = URI.create(TestRedis.url());
		try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
			StringBuilder resp = new StringBuilder("*" + command.length + "\r\n");
			for (String part : command) {
				resp.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
			}
			socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[5];
			int read = socket.getInputStream().readNBytes(reply, 0, 3);
			assertThat(new String(reply, 0, read, StandardCharsets.US_ASCII)).isEqualTo("+OK");
		}
	}

	private static boolean handshake(URI uri, String origin) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.ORIGIN, origin);
		try {
			new ReactorNettyWebSocketClient().execute(uri, headers, (session) -> session.close())
				.block(Duration.ofSeconds(5));
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** A WebSocket client the test drives frame by frame. */
	private final class Socket implements AutoCloseable {

		private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

		private final BlockingQueue<String> inbound = new LinkedBlockingQueue<>();

		private final Sinks.One<Integer> closed = Sinks.one();

		private final Disposable connection;

		Socket(String sessionId) {
			URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
			this.connection = new ReactorNettyWebSocketClient().execute(uri, (session) -> {
				session.closeStatus().subscribe((status) -> this.closed.tryEmitValue(status.getCode()));
				return session.send(this.outbound.asFlux().map(session::textMessage))
					.and(session.receive().doOnNext((message) -> this.inbound.add(message.getPayloadAsText())).then());
			}).subscribe(null, (ex) -> this.closed.tryEmitValue(-1), () -> this.closed.tryEmitValue(-1));
		}

		void send(String frame) {
			this.outbound.tryEmitNext(frame);
		}

		JsonNode next() throws InterruptedException {
			String frame = this.inbound.poll(10, TimeUnit.SECONDS);
			assertThat(frame).as("a frame within 10 s").isNotNull();
			return JSON.readTree(frame);
		}

		List<JsonNode> untilTerminal() throws InterruptedException {
			List<JsonNode> frames = new ArrayList<>();
			while (true) {
				JsonNode frame = next();
				frames.add(frame);
				String type = frame.get("type").asString();
				if ((type.equals("done") || type.equals("error") || type.equals("cancelled")) && frame.has("seq")) {
					return frames;
				}
			}
		}

		int closeStatus() {
			Integer status = this.closed.asMono().block(Duration.ofSeconds(10));
			return (status != null) ? status : -1;
		}

		@Override
		public void close() {
			this.outbound.tryEmitComplete();
			this.connection.dispose();
		}

	}

}
