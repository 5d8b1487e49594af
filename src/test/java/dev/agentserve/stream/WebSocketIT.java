package dev.agentserve.stream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket protocol with a real WebSocket client. */
class WebSocketIT extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private ScriptedModel scripted;

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
	void onlyAllowedOriginsMayOpenASocket() {
		String sessionId = Sessions.createId(this.http);
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
		assertThat(handshake(uri, "http://evil.example")).isFalse();
		assertThat(handshake(uri, "http://allowed.example")).isTrue();
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
