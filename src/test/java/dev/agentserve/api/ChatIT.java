package dev.agentserve.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.agentserve.model.ModelException;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Chat turns over HTTP: streaming, JSON answers, resume, one turn at a time. */
class ChatIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aStreamedTurnUsesTheCalculatorAndAnswers() {
		String sessionId = Sessions.createId(this.http);
		List<Frame> frames;
		List<String> raw;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"What is 12*(3+4)?\"}")) {
			assertThat(sse.status()).isEqualTo(200);
			frames = sse.rest();
			raw = sse.rawLines();
		}

		assertThat(raw).noneMatch((line) -> line.startsWith("event:"));
		assertThat(frames).extracting(Frame::id)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, frames.size()).mapToObj(Long::toString).toList());
		assertThat(frames).allSatisfy((frame) -> assertThat(frame.id()).isEqualTo(Long.toString(frame.seq())));
		assertThat(frames)
			.allSatisfy((frame) -> assertThat(frame.json().get("sessionId").asString()).isEqualTo(sessionId));
		assertThat(collapsed(frames)).containsExactly("turn_started", "thought", "tool_call", "tool_result", "thought",
				"response", "done");
		JsonNode call = only(frames, "tool_call");
		assertThat(call.get("tool").asString()).isEqualTo("calculator");
		assertThat(call.get("args").get("expression").asString()).isEqualTo("12*(3+4)");
		JsonNode result = only(frames, "tool_result");
		assertThat(result.get("result").get("result").asInt()).isEqualTo(84);
		assertThat(result.get("callId").asString()).isEqualTo(call.get("callId").asString());
		JsonNode done = frames.get(frames.size() - 1).json();
		assertThat(done.get("response").asString()).isEqualTo("12*(3+4) = 84");
		assertThat(done.get("steps").asInt()).isEqualTo(2);
		assertThat(done.get("usage").get("outputTokens").asLong()).isPositive();
		assertThat(responseText(frames)).isEqualTo(done.get("response").asString());
	}

	@Test
	void aNonStreamedTurnAnswersWithOneJsonDocument() {
		String sessionId = Sessions.createId(this.http);

		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "What is 12*(3+4)?", "stream", false))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.turnId")
			.isNotEmpty()
			.jsonPath("$.status")
			.isEqualTo("done")
			.jsonPath("$.response")
			.isEqualTo("12*(3+4) = 84")
			.jsonPath("$.thoughtProcess.length()")
			.isEqualTo(2)
			.jsonPath("$.toolCalls[0].tool")
			.isEqualTo("calculator")
			.jsonPath("$.toolCalls[0].args.expression")
			.isEqualTo("12*(3+4)")
			.jsonPath("$.toolCalls[0].result.result")
			.isEqualTo(84)
			.jsonPath("$.usage.inputTokens")
			.isNumber();
	}

	@Test
	void aClientThatDisconnectsResumesWithLastEventIdAndMissesNothing() {
		String sessionId = Sessions.createId(this.http);
		List<Frame> firstThree = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"What is 12*(3+4)?\"}")) {
			turnId = sse.header("X-Turn-Id");
			for (int i = 0; i < 3; i++) {
				firstThree.add(sse.next());
			}
		}

		// Nobody listens now; the turn still runs to its end.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.http.get()
				.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
				.exchange()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("done"));

		List<Frame> rest;
		try (SseClient sse = SseClient.get(eventsUrl(sessionId, turnId), Map.of("Last-Event-ID", "3"))) {
			rest = sse.rest();
		}
		List<Frame> all;
		try (SseClient sse = SseClient.get(eventsUrl(sessionId, turnId), Map.of())) {
			all = sse.rest();
		}
		List<Frame> resumed = new ArrayList<>(firstThree);
		resumed.addAll(rest);
		assertThat(resumed).extracting(Frame::data).containsExactlyElementsOf(all.stream().map(Frame::data).toList());
		assertThat(rest.get(0).seq()).isEqualTo(4);
		assertThat(all.get(all.size() - 1).type()).isEqualTo("done");
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(4)
			.jsonPath("$.messages[0].content")
			.isEqualTo("What is 12*(3+4)?")
			.jsonPath("$.messages[3].content")
			.isEqualTo("12*(3+4) = 84");
	}

	@Test
	void aClientThatReconnectsWhileTheTurnRunsFollowsItLive() {
		this.scripted.play(ScriptedModel.words(12, 150));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		List<Frame> seen = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			for (int i = 0; i < 3; i++) {
				seen.add(sse.next());
			}
		}
		try (SseClient sse = SseClient.get(eventsUrl(sessionId, turnId), Map.of("Last-Event-ID", "3"))) {
			seen.add(sse.next());
			// The resumed stream is open and the turn still runs: what follows is live.
			assertThat(turnStatus(sessionId, turnId)).isEqualTo("running");
			seen.addAll(sse.rest());
		}

		assertThat(seen).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 14).boxed().toList());
		assertThat(seen.get(seen.size() - 1).type()).isEqualTo("done");
	}

	@Test
	void aSecondChatWhileATurnRunsIsRefusedWithTheRunningTurnId() {
		this.scripted.play(ScriptedModel.words(5, 200), ScriptedModel.answer("second"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		try (SseClient first = SseClient.post(chatUrl(sessionId), "{\"message\":\"one\"}")) {
			String running = first.header("X-Turn-Id");
			first.next();

			this.http.post()
				.uri("/sessions/{id}/chat", sessionId)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("message", "two"))
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.turnId")
				.isEqualTo(running);

			assertThat(first.rest()).last().extracting(Frame::type).isEqualTo("done");
		}
		// The lease is released with the terminal event: the next turn starts at once.
		assertThat(Sessions.chat(this.http, sessionId, "two").get("response").asString()).isEqualTo("second");
	}

	@Test
	void aFailedTurnEndsWithAnErrorEventAndTheSessionCarriesOn() {
		this.scripted.play(Flux.error(new ModelException("the provider is down")), ScriptedModel.answer("recovered"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();

		List<Frame> frames;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"one\"}")) {
			frames = sse.rest();
		}

		assertThat(frames).extracting(Frame::type).containsExactly("turn_started", "error");
		assertThat(frames.get(1).json().get("code").asString()).isEqualTo("model_error");
		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, frames.get(0).json().get("turnId").asString())
			.exchange()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("error")
			.jsonPath("$.error.code")
			.isEqualTo("model_error");
		assertThat(Sessions.chat(this.http, sessionId, "two").get("response").asString()).isEqualTo("recovered");
		this.http.get().uri("/health").exchange().expectStatus().isOk();
	}

	@Test
	void turnInfoReportsStatusStepsTimingsAndUsage() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2^10?").get("turnId").asString();

		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("done")
			.jsonPath("$.agentType")
			.isEqualTo("assistant")
			.jsonPath("$.steps.length()")
			.isEqualTo(3)
			.jsonPath("$.steps[0].type")
			.isEqualTo("model")
			.jsonPath("$.startedAt")
			.isNotEmpty()
			.jsonPath("$.endedAt")
			.isNotEmpty()
			.jsonPath("$.durationMs")
			.isNumber()
			.jsonPath("$.usage.outputTokens")
			.isNumber()
			.jsonPath("$.lastSeq")
			.isNumber();
	}

	@Test
	void theBrowserFormOfChatStreamsTheSameEvents() {
		String sessionId = Sessions.createId(this.http);
		List<Frame> frames;
		try (SseClient sse = SseClient.get(baseUrl() + "/sessions/" + sessionId + "/chat?message=What%20is%202%2B2%3F",
				Map.of())) {
			frames = sse.rest();
		}
		assertThat(frames.get(0).type()).isEqualTo("turn_started");
		assertThat(frames.get(frames.size() - 1).json().get("response").asString()).isEqualTo("2+2 = 4");
	}

	@Test
	void theBrowserFormNamesEachFrameByItsTurnAndSeq() {
		String sessionId = Sessions.createId(this.http);
		List<Frame> frames;
		String turnId;
		try (SseClient sse = SseClient.get(browserChatUrl(sessionId, "What%20is%202%2B2%3F"), Map.of())) {
			turnId = sse.header("X-Turn-Id");
			frames = sse.rest();
		}
		assertThat(frames).allSatisfy((frame) -> {
			assertThat(frame.id()).isEqualTo(turnId + ":" + frame.seq());
			assertThat(frame.json().get("turnId").asString()).isEqualTo(turnId);
		});
	}

	@Test
	void aBrowserReconnectDuringTheTurnResumesItAndStartsNoOther() {
		this.scripted.play(ScriptedModel.words(12, 150));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		String url = browserChatUrl(sessionId, "go");
		List<Frame> seen = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.get(url, Map.of())) {
			turnId = sse.header("X-Turn-Id");
			for (int i = 0; i < 3; i++) {
				seen.add(sse.next());
			}
		}
		try (SseClient sse = SseClient.get(url, Map.of("Last-Event-ID", turnId + ":3"))) {
			assertThat(sse.status()).isEqualTo(200);
			assertThat(sse.header("X-Turn-Id")).isEqualTo(turnId);
			seen.add(sse.next());
			assertThat(turnStatus(sessionId, turnId)).isEqualTo("running");
			seen.addAll(sse.rest());
		}

		assertThat(seen).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 14).boxed().toList());
		assertThat(seen).extracting(Frame::id)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 14).mapToObj((seq) -> turnId + ":" + seq).toList());
		assertThat(seen.get(seen.size() - 1).type()).isEqualTo("done");
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(2)
			.jsonPath("$.messages[0].content")
			.isEqualTo("go");
	}

	@Test
	void aBrowserReconnectAfterTheTerminalEventGetsNoContentSoTheEventSourceStops() {
		String sessionId = Sessions.createId(this.http);
		String url = "/sessions/{id}/chat?message={message}";
		List<Frame> frames;
		try (SseClient sse = SseClient.get(browserChatUrl(sessionId, "What%20is%202%2B2%3F"), Map.of())) {
			frames = sse.rest();
		}
		Frame last = frames.get(frames.size() - 1);
		assertThat(last.type()).isEqualTo("done");
		String turnId = last.json().get("turnId").asString();

		this.http.get()
			.uri(url, sessionId, "What is 2+2?")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", last.id())
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();
		// An id past the end (a failover lost what the client saw) gets the terminal
		// event
		// again, then the next reconnect stops as above.
		this.http.get()
			.uri(url, sessionId, "What is 2+2?")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", turnId + ":" + (last.seq() + 5))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("id:" + last.id()).contains("\"type\":\"done\""));
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages[?(@.role == 'user')].content")
			.isEqualTo(List.of("What is 2+2?"));
	}

	@Test
	void aBrowserReconnectNamingAnotherTurnOrAMalformedIdGetsAProblem() {
		String sessionId = Sessions.createId(this.http);
		String otherTurn = Sessions.chat(this.http, Sessions.createId(this.http), "hi").get("turnId").asString();
		Map<String, Integer> expected = Map.of(otherTurn + ":3", 404, "00000000-0000-4000-8000-000000000000:1", 404,
				"3", 400, otherTurn + ":x", 400, "not-a-turn:3", 400, otherTurn + ":-1", 400, "", 400);
		expected.forEach((lastEventId, status) -> this.http.get()
			.uri("/sessions/{id}/chat?message=hi", sessionId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", lastEventId)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON));
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(0);
	}

	@Test
	void followingAFinishedTurnFromItsLastEventEndsAtOnce() {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 2+2?").get("turnId").asString();
		long lastSeq = this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("lastSeq")
			.asLong();

		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}/events", sessionId, turnId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", Long.toString(lastSeq))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}/events?after={after}", sessionId, turnId, lastSeq)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	@Test
	void unknownTurnsAreNotFound() {
		String sessionId = Sessions.createId(this.http);
		String otherSession = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, otherSession, "hi").get("turnId").asString();

		for (String path : List.of("/sessions/{id}/turns/{turnId}", "/sessions/{id}/turns/{turnId}/events")) {
			this.http.get().uri(path, sessionId, turnId).exchange().expectStatus().isNotFound();
			this.http.get().uri(path, sessionId, "not-a-turn").exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void badChatRequestsGetProblems() {
		String sessionId = Sessions.createId(this.http);
		expectProblem(sessionId, "{\"message\":\"  \"}", 400, "message must not be blank");
		expectProblem(sessionId, "{}", 400, "message is required");
		expectProblem(sessionId, "{\"message\":\"" + "x".repeat(32_001) + "\"}", 413, "the limit is 32000");
		expectProblem(sessionId, "{\"message\":\"hi\",\"stream\":\"maybe\"}", 400, "'stream'");
		expectProblem("00000000-0000-4000-8000-000000000000", "{\"message\":\"hi\"}", 404, "No session");
		this.http.get()
			.uri("/sessions/{id}/turns/{turnId}/events", sessionId, "00000000-0000-4000-8000-000000000000")
			.header("Last-Event-ID", "abc")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	private void expectProblem(String sessionId, String body, int status, String detail) {
		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String text) -> assertThat(text).contains(detail));
	}

	private String chatUrl(String sessionId) {
		return baseUrl() + "/sessions/" + sessionId + "/chat";
	}

	private String browserChatUrl(String sessionId, String encodedMessage) {
		return baseUrl() + "/sessions/" + sessionId + "/chat?message=" + encodedMessage;
	}

	private String turnStatus(String sessionId, String turnId) {
		return this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("status")
			.asString();
	}

	private String eventsUrl(String sessionId, String turnId) {
		return baseUrl() + "/sessions/" + sessionId + "/turns/" + turnId + "/events";
	}

	private static List<String> collapsed(List<Frame> frames) {
		List<String> types = new ArrayList<>();
		for (Frame frame : frames) {
			if (types.isEmpty() || !types.get(types.size() - 1).equals(frame.type())) {
				types.add(frame.type());
			}
		}
		return types;
	}

	private static JsonNode only(List<Frame> frames, String type) {
		return frames.stream().filter((frame) -> frame.type().equals(type)).map(Frame::json).reduce((a, b) -> {
			throw new AssertionError("more than one " + type);
		}).orElseThrow();
	}

	private static String responseText(List<Frame> frames) {
		StringBuilder text = new StringBuilder();
		frames.stream()
			.filter((frame) -> frame.type().equals("response"))
			.forEach((frame) -> text.append(frame.json().get("content").asString()));
		return text.toString();
	}

}
