package dev.agentserve.agent;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.agentserve.model.ScriptedModel.answer;
import static dev.agentserve.model.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sub-agent delegation over HTTP (DESIGN.md §13): the {@code boss} agent of the test
 * profile delegates to {@code scout} and {@code beta} (scripted models of their own),
 * scout to beta, beta to gamma (past {@code max-depth: 2}); and the demo assistant's
 * researcher.
 */
class MultiAgentIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void demoDelegationStreamsTheResearchersRunAndAnswersWithItsResult() {
		String sessionId = session("assistant");
		List<Frame> frames = stream(sessionId, "Ask the researcher: what is 6*7?");

		assertContiguous(frames);
		Frame delegation = only(frames, "tool_call", null);
		assertThat(delegation.json().get("tool").asString()).isEqualTo("agent__researcher");
		assertThat(delegation.json().get("args").get("task").asString()).isEqualTo("what is 6*7?");
		String callId = delegation.json().get("callId").asString();
		List<Frame> child = nested(frames);
		assertThat(child).isNotEmpty().allSatisfy((frame) -> {
			assertThat(frame.json().get("agent").asString()).isEqualTo("assistant/researcher");
			assertThat(frame.json().get("parentCallId").asString()).isEqualTo(callId);
		});
		assertThat(child).extracting(Frame::type).contains("thought", "tool_call", "tool_result", "response");
		Frame calculator = only(child, "tool_call", "assistant/researcher");
		assertThat(calculator.json().get("tool").asString()).isEqualTo("calculator");
		Frame result = only(frames, "tool_result", null);
		assertThat(result.json().get("result").get("answer").asString()).contains("42");
		assertThat(indexOf(frames, result)).isGreaterThan(indexOf(frames, child.get(child.size() - 1)));
		Frame done = frames.get(frames.size() - 1);
		assertThat(done.type()).isEqualTo("done");
		assertThat(done.json().get("response").asString()).contains("42");
		assertThat(done.json().has("agent")).isFalse();

		JsonNode history = this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(history.get("messages").toString()).contains("agent__researcher").doesNotContain("calculator");
	}

	@Test
	void demoDelegationAnswersAsJsonWithTheDelegationAmongToolCallsAndTheRunTreeInTheTurnInfo() {
		String sessionId = session("assistant");
		JsonNode answer = Sessions.chat(this.http, sessionId, "Ask the researcher: what is 6*7?");

		assertThat(answer.get("response").asString()).contains("42");
		assertThat(answer.get("toolCalls")).hasSize(1);
		assertThat(answer.get("toolCalls").get(0).get("tool").asString()).isEqualTo("agent__researcher");
		assertThat(answer.get("toolCalls").get(0).get("result").get("answer").asString()).contains("42");
		JsonNode info = turnInfo(sessionId, answer.get("turnId").asString());
		JsonNode run = info.get("runs").get(0);
		assertThat(run.get("agent").asString()).isEqualTo("assistant/researcher");
		assertThat(run.get("status").asString()).isEqualTo("done");
		assertThat(run.get("steps").asInt()).isEqualTo(2);
		long childTokens = run.get("usage").get("outputTokens").asLong();
		assertThat(childTokens).isPositive();
		assertThat(info.get("usage").get("outputTokens").asLong()).isGreaterThan(childTokens);
	}

	@Test
	void parallelDelegationsInterleaveEachTaggedWithOneSeqSequenceAndTheirUsageSums() {
		this.scripted.play(call("agent__scout", "{\"task\":\"a\"}", "agent__beta", "{\"task\":\"b\"}"),
				answer("both done"));
		this.scripted.named("scout").play(slowly("scout", 6));
		this.scripted.named("beta").play(slowly("beta", 6));
		String sessionId = session("boss");
		List<Frame> frames = stream(sessionId, "go");

		assertContiguous(frames);
		List<Frame> scout = tagged(frames, "boss/scout");
		List<Frame> beta = tagged(frames, "boss/beta");
		assertThat(scout).hasSize(6).allSatisfy((frame) -> {
			assertThat(frame.type()).isEqualTo("response");
			assertThat(frame.json().get("parentCallId").asString()).isEqualTo("call_0_agent__scout");
		});
		assertThat(beta).hasSize(6)
			.allSatisfy(
					(frame) -> assertThat(frame.json().get("parentCallId").asString()).isEqualTo("call_1_agent__beta"));
		assertThat(scout).extracting((frame) -> frame.json().get("content").asString())
			.containsExactly("scout1 ", "scout2 ", "scout3 ", "scout4 ", "scout5 ", "scout6 ");
		// Both ran at once: each started before the other ended.
		assertThat(indexOf(frames, beta.get(0))).isLessThan(indexOf(frames, scout.get(5)));
		assertThat(indexOf(frames, scout.get(0))).isLessThan(indexOf(frames, beta.get(5)));
		List<Frame> results = frames.stream()
			.filter((frame) -> frame.type().equals("tool_result") && !frame.json().has("agent"))
			.toList();
		assertThat(results).extracting((frame) -> frame.json().get("result").get("answer").asString())
			.containsExactlyInAnyOrder("scout1 scout2 scout3 scout4 scout5 scout6 ",
					"beta1 beta2 beta3 beta4 beta5 beta6 ");
		Frame done = frames.get(frames.size() - 1);
		assertThat(done.json().get("response").asString()).isEqualTo("both done");
		// boss: two rounds of 10 in + 5 out; scout and beta: 7 in + 3 out each.
		assertThat(done.json().get("usage").get("inputTokens").asLong()).isEqualTo(34);
		assertThat(done.json().get("usage").get("outputTokens").asLong()).isEqualTo(16);
		JsonNode info = turnInfo(sessionId, frames.get(0).json().get("turnId").asString());
		assertThat(info.get("usage").get("inputTokens").asLong()).isEqualTo(34);
		assertThat(info.get("runs")).hasSize(2)
			.allSatisfy((run) -> assertThat(run.get("usage").get("inputTokens").asLong()).isEqualTo(7));
		JsonNode session = this.http.get()
			.uri("/sessions/{id}", sessionId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(session.toString()).isNotEmpty();
	}

	@Test
	void nestedDelegationRunsAtDepthTwoAndDeeperIsRefusedAsAToolError() {
		this.scripted.play(call("agent__scout", "{\"task\":\"dig\"}"), answer("boss done"));
		this.scripted.named("scout").play(call("agent__beta", "{\"task\":\"deeper\"}"), answer("scout done"));
		this.scripted.named("beta").play(call("agent__gamma", "{\"task\":\"deepest\"}"), answer("beta done"));
		String sessionId = session("boss");
		List<Frame> frames = stream(sessionId, "go");

		assertContiguous(frames);
		List<Frame> beta = tagged(frames, "boss/scout/beta");
		assertThat(beta).isNotEmpty()
			.allSatisfy(
					(frame) -> assertThat(frame.json().get("parentCallId").asString()).isEqualTo("call_0_agent__beta"));
		Frame refused = only(beta, "tool_result", "boss/scout/beta");
		assertThat(refused.json().get("tool").asString()).isEqualTo("agent__gamma");
		assertThat(refused.json().get("error").asString()).contains("at most 2 deep");
		assertThat(tagged(frames, "boss/scout/beta/gamma")).isEmpty();
		Frame betaResult = only(tagged(frames, "boss/scout"), "tool_result", "boss/scout");
		assertThat(betaResult.json().get("result").get("answer").asString()).isEqualTo("beta done");
		assertThat(frames.get(frames.size() - 1).json().get("response").asString()).isEqualTo("boss done");
		ToolMessage told = (ToolMessage) this.scripted.named("beta").requests().get(1).messages().getLast();
		assertThat(told.error()).isTrue();
		JsonNode runs = turnInfo(sessionId, frames.get(0).json().get("turnId").asString()).get("runs");
		assertThat(runs.get(0).get("agent").asString()).isEqualTo("boss/scout");
		assertThat(runs.get(0).get("children").get(0).get("agent").asString()).isEqualTo("boss/scout/beta");
	}

	@Test
	void aFailedChildIsAToolErrorTheParentModelSeesAndReactsTo() {
		this.scripted.play(call("agent__beta", "{\"task\":\"fail\"}"), answer("recovered"));
		this.scripted.named("beta").play();
		String sessionId = session("boss");
		List<Frame> frames = stream(sessionId, "go");

		Frame result = only(frames, "tool_result", null);
		assertThat(result.json().get("error").asString()).contains("The beta agent failed (model_error)");
		assertThat(frames.get(frames.size() - 1).json().get("response").asString()).isEqualTo("recovered");
		ToolMessage told = (ToolMessage) this.scripted.requests().get(1).messages().getLast();
		assertThat(told.error()).isTrue();
		assertThat(told.content()).contains("beta agent failed");
	}

	@Test
	void cancellingTheParentStopsTheChildsSlowToolAndTheWholeTreeWithinTwoSeconds() {
		this.scripted.play(call("agent__scout", "{\"task\":\"wait\"}"), answer("never"));
		this.scripted.named("scout").play(call("slow", "{\"ms\":20000}"), answer("never either"));
		String sessionId = session("boss");
		List<Frame> rest;
		long cancelledAt;
		String turnId;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			Frame frame;
			do {
				frame = sse.next();
			}
			while (!(frame.type().equals("tool_call") && frame.json().has("agent")));
			this.http.post().uri("/sessions/{id}/cancel", sessionId).exchange().expectStatus().isAccepted();
			cancelledAt = System.nanoTime();
			rest = sse.rest();
		}

		assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(2));
		assertThat(rest.get(rest.size() - 1).type()).isEqualTo("cancelled");
		assertThat(rest).noneMatch((frame) -> frame.type().equals("tool_result"));
		JsonNode info = turnInfo(sessionId, turnId);
		assertThat(info.get("status").asString()).isEqualTo("cancelled");
		assertThat(info.get("runs").get(0).get("status").asString()).isEqualTo("cancelled");
		this.scripted.play(answer("next turn"));
		assertThat(Sessions.chat(this.http, sessionId, "again").get("response").asString()).isEqualTo("next turn");
	}

	@Test
	void aStreamResumedWithLastEventIdInTheMiddleOfAChildGetsTheRestOfTheTree() {
		this.scripted.play(call("agent__scout", "{\"task\":\"talk\"}"), answer("boss done"));
		this.scripted.named("scout").play(slowly("scout", 20));
		String sessionId = session("boss");
		List<Frame> seen = new ArrayList<>();
		String turnId;
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"go\"}")) {
			turnId = sse.header("X-Turn-Id");
			do {
				seen.add(sse.next());
			}
			while (tagged(seen, "boss/scout").size() < 3);
		}
		long last = seen.get(seen.size() - 1).seq();
		try (SseClient sse = SseClient.get(baseUrl() + "/sessions/" + sessionId + "/turns/" + turnId + "/events",
				Map.of("Last-Event-ID", Long.toString(last)))) {
			seen.addAll(sse.rest());
		}

		assertContiguous(seen);
		assertThat(tagged(seen, "boss/scout")).hasSize(20);
		assertThat(seen.get(seen.size() - 1).json().get("response").asString()).isEqualTo("boss done");
	}

	@Test
	void aChildPastItsTurnTimeoutIsAToolErrorForItsParent() {
		this.scripted.play(call("agent__beta", "{\"task\":\"sleep\"}"), answer("gave up on beta"));
		this.scripted.named("beta").play(call("slow", "{\"ms\":20000}"), answer("never"));
		String sessionId = session("boss");
		long started = System.nanoTime();
		List<Frame> frames = stream(sessionId, "go");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		Frame result = only(frames, "tool_result", null);
		assertThat(result.json().get("error").asString()).contains("The beta agent failed (timeout)");
		assertThat(frames.get(frames.size() - 1).json().get("response").asString()).isEqualTo("gave up on beta");
		JsonNode run = turnInfo(sessionId, frames.get(0).json().get("turnId").asString()).get("runs").get(0);
		assertThat(run.get("status").asString()).isEqualTo("timeout");
	}

	@Test
	void aChildsTokensCountAgainstTheSessionsBudget() {
		// thrifty: a budget of 30 tokens; its round (15) and scout's (20 + 5) cross it.
		this.scripted.play(call("agent__scout", "{\"task\":\"spend\"}"), answer("over budget"));
		this.scripted.named("scout")
			.play(Flux.just(new ModelEvent.TextDelta("spent"), new ModelEvent.Usage(20, 5, 0),
					new ModelEvent.Finish(ModelEvent.Finish.STOP)));
		String sessionId = session("thrifty");
		List<Frame> frames = stream(sessionId, "go");

		assertThat(only(frames, "tool_result", null).json().get("error").asString())
			.contains("The scout agent failed (budget)");
		Frame end = frames.get(frames.size() - 1);
		assertThat(end.type()).isEqualTo("error");
		assertThat(end.json().get("code").asString()).isEqualTo("budget");
		JsonNode info = turnInfo(sessionId, frames.get(0).json().get("turnId").asString());
		assertThat(info.get("usage").get("inputTokens").asLong()).isEqualTo(40);
		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "more", "stream", false))
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	@Test
	void theWebSocketStreamsTheSameTaggedEvents() throws InterruptedException {
		String sessionId = session("assistant");
		BlockingQueue<String> inbound = new LinkedBlockingQueue<>();
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
		Disposable connection = new ReactorNettyWebSocketClient()
			.execute(uri, (socket) -> socket
				.send(Flux
					.just(socket.textMessage("{\"type\":\"chat\",\"message\":\"Ask the researcher: what is 6*7?\"}")))
				.and(socket.receive().doOnNext((message) -> inbound.add(message.getPayloadAsText())).then()))
			.subscribe();
		List<JsonNode> events = new ArrayList<>();
		try {
			while (events.isEmpty() || !events.getLast().get("type").asString().equals("done")) {
				String frame = inbound.poll(10, TimeUnit.SECONDS);
				assertThat(frame).as("a frame within 10 s").isNotNull();
				events.add(JsonMapper.shared().readTree(frame));
			}
		}
		finally {
			connection.dispose();
		}

		assertThat(events).extracting((event) -> event.get("seq").asLong())
			.containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
		assertThat(events).filteredOn((event) -> event.has("agent"))
			.isNotEmpty()
			.allSatisfy((event) -> assertThat(event.get("agent").asString()).isEqualTo("assistant/researcher"));
		assertThat(events.getLast().get("response").asString()).contains("42");
	}

	private static Flux<ModelEvent> slowly(String prefix, int count) {
		return Flux.range(1, count)
			.delayElements(Duration.ofMillis(40))
			.<ModelEvent>map((i) -> new ModelEvent.TextDelta(prefix + i + " "))
			.concatWith(Flux.just(new ModelEvent.Usage(7, 3, 0), new ModelEvent.Finish(ModelEvent.Finish.STOP)));
	}

	private List<Frame> stream(String sessionId, String message) {
		try (SseClient sse = SseClient.post(chatUrl(sessionId), "{\"message\":\"" + message + "\"}")) {
			return sse.rest();
		}
	}

	/**
	 * A session of that agent type; the first request of a fresh server on a busy machine
	 * may take longer than the client's default 5 s.
	 */
	private String session(String agentType) {
		return Sessions
			.create(this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build(), Map.of("agentType", agentType))
			.get("sessionId")
			.asString();
	}

	private String chatUrl(String sessionId) {
		return baseUrl() + "/sessions/" + sessionId + "/chat";
	}

	private JsonNode turnInfo(String sessionId, String turnId) {
		return this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	static void assertContiguous(List<Frame> frames) {
		assertThat(frames).extracting(Frame::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, frames.size()).boxed().toList());
		assertThat(frames).filteredOn((frame) -> List.of("done", "error", "cancelled").contains(frame.type()))
			.hasSize(1);
	}

	static List<Frame> nested(List<Frame> frames) {
		return frames.stream().filter((frame) -> frame.json().has("agent")).toList();
	}

	static List<Frame> tagged(List<Frame> frames, String agent) {
		return frames.stream()
			.filter((frame) -> frame.json().has("agent") && frame.json().get("agent").asString().equals(agent))
			.toList();
	}

	/**
	 * The one frame of that type emitted by {@code agent} (null: the turn's own agent).
	 */
	static Frame only(List<Frame> frames, String type, String agent) {
		List<Frame> found = frames.stream()
			.filter((frame) -> frame.type().equals(type))
			.filter((frame) -> (agent == null) ? !frame.json().has("agent")
					: frame.json().has("agent") && frame.json().get("agent").asString().equals(agent))
			.toList();
		assertThat(found).as(type + " of " + agent).hasSize(1);
		return found.get(0);
	}

	static int indexOf(List<Frame> frames, Frame frame) {
		return frames.indexOf(frame);
	}

}
