package dev.agentserve.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelException;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.tool.TestTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.agentserve.model.ScriptedModel.answer;
import static dev.agentserve.model.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The ReAct loop against the scripted model and the test tools. */
class AgentLoopIT extends IntegrationTest {

	@Autowired
	private AgentLoop loop;

	@Autowired
	private AgentCatalog agents;

	@Autowired
	private ScriptedModel model;

	@Autowired
	private TestTools.Flaky flaky;

	/** The report of the last turn {@link #run} ran. */
	private LoopReport report;

	@BeforeEach
	void reset() {
		this.flaky.attempts.set(0);
	}

	@Test
	void toolResultsAreFedBackUntilTheModelAnswers() {
		this.model.play(call("calculator", "{\"expression\":\"2+3\"}"), answer("It is 5."));

		List<TurnEvent> events = run("What is 2+3?");

		assertThat(types(events)).containsExactly("tool_call", "tool_result", "response", "done");
		assertThat(((TurnEvent.ToolResult) events.get(1)).result().path("result").asInt()).isEqualTo(5);
		TurnEvent.Done done = (TurnEvent.Done) events.get(3);
		assertThat(done.response()).isEqualTo("It is 5.");
		assertThat(done.steps()).isEqualTo(2);
		assertThat(done.usage().inputTokens()).isEqualTo(20);
		ModelRequest second = this.model.requests().get(1);
		List<Message> messages = second.messages();
		assertThat(messages.get(messages.size() - 2)).isInstanceOfSatisfying(AssistantMessage.class,
				(assistant) -> assertThat(assistant.toolCalls()).singleElement()
					.satisfies((toolCall) -> assertThat(toolCall.name()).isEqualTo("calculator")));
		assertThat(messages.get(messages.size() - 1))
			.isEqualTo(new ToolMessage("call_0_calculator", "calculator", "{\"result\":5}", false));
		assertThat(second.tools()).extracting("name").contains("calculator", "slow").doesNotContain("current_time");
		assertThat(this.report.messages()).hasSize(3);
	}

	@Test
	void toolCallsOfOneRoundRunInParallel() {
		this.model.play(call("slow", "{\"ms\":600}", "slow", "{\"ms\":601}", "slow", "{\"ms\":602}"), answer("done"));
		long start = System.nanoTime();

		List<TurnEvent> events = run("three slow things");

		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(events).filteredOn(TurnEvent.ToolResult.class::isInstance).hasSize(3);
		assertThat(events).filteredOn(TurnEvent.ToolResult.class::isInstance)
			.allSatisfy((event) -> assertThat(((TurnEvent.ToolResult) event).error()).isNull());
		// Three 600 ms calls one after another would take 1.8 s.
		assertThat(elapsed).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void maxStepsEndsTheTurn() {
		this.model.play(call("calculator", "{\"expression\":\"1+1\"}"), call("calculator", "{\"expression\":\"1+2\"}"),
				call("calculator", "{\"expression\":\"1+3\"}"), call("calculator", "{\"expression\":\"1+4\"}"),
				answer("never reached"));

		List<TurnEvent> events = run("loop");

		assertThat(events.get(events.size() - 1))
			.isEqualTo(new TurnEvent.Failed(ErrorCodes.MAX_STEPS, "The agent used all 4 steps without a final answer"));
		assertThat(this.model.requests()).hasSize(4);
	}

	@Test
	void turnTimeoutEndsTheTurn() {
		this.model.play(Flux.never());

		List<TurnEvent> events = run("hang");

		assertThat(events).singleElement()
			.isEqualTo(new TurnEvent.Failed(ErrorCodes.TIMEOUT, "The turn did not finish within 3000 ms"));
	}

	@Test
	void unknownToolIsReportedWithTheClosestNames() {
		this.model.play(call("calculater", "{\"expression\":\"1\"}"), answer("sorry"));

		TurnEvent.ToolResult result = firstResult(run("typo"));

		assertThat(result.error()).startsWith("Unknown tool 'calculater'. Did you mean: calculator");
	}

	@Test
	void toolOutsideTheAgentsAllowlistIsUnknown() {
		this.model.play(call("current_time", "{}"), answer("sorry"));

		assertThat(firstResult(run("time?")).error()).startsWith("Unknown tool 'current_time'");
	}

	@Test
	void invalidArgumentsAreReportedBeforeTheCall() {
		this.model.play(call("calculator", "{\"expr\":\"1+1\"}", "calculator", "{\"expression\":"), answer("sorry"));

		List<TurnEvent> events = run("bad args");

		List<TurnEvent.ToolResult> results = results(events);
		assertThat(results).hasSize(2);
		assertThat(resultOf(results, "call_0_calculator").error()).startsWith("Invalid arguments for calculator")
			.contains("expression");
		assertThat(resultOf(results, "call_1_calculator").error()).startsWith("The arguments are not valid JSON");
	}

	@Test
	void toolExceptionsAreReported() {
		this.model.play(call("failing", "{}", "failing", "{\"crash\":true}"), answer("sorry"));

		List<TurnEvent.ToolResult> results = results(run("fail"));

		assertThat(results).extracting(TurnEvent.ToolResult::error)
			.containsExactlyInAnyOrder("the upstream said no",
					"failing failed: IllegalStateException: the tool crashed");
	}

	@Test
	void toolTimeoutIsReported() {
		this.model.play(call("hanging", "{}"), answer("sorry"));

		assertThat(firstResult(run("hang")).error()).isEqualTo("hanging timed out after 300 ms");
	}

	@Test
	void transientFailuresAreRetried() {
		this.model.play(call("flaky", "{\"failures\":2}"), answer("ok"));

		TurnEvent.ToolResult result = firstResult(run("flaky"));

		assertThat(result.error()).isNull();
		assertThat(result.result().path("attempts").asInt()).isEqualTo(3);
	}

	@Test
	void permanentFailuresAreNotRetried() {
		this.model.play(call("flaky", "{\"failures\":5}"), answer("ok"));

		assertThat(firstResult(run("flaky")).error()).isEqualTo("busy, try again");
		assertThat(this.flaky.attempts.get()).isEqualTo(3);
	}

	@Test
	void aRepeatedCallIsToldThenTheTurnStops() {
		String same = "{\"expression\":\"6*7\"}";
		this.model.play(call("calculator", same), call("calculator", "{ \"expression\" : \"6*7\" }"),
				call("calculator", same), answer("never reached"));

		List<TurnEvent> events = run("repeat");

		List<TurnEvent.ToolResult> results = results(events);
		assertThat(results.get(0).result().path("result").asInt()).isEqualTo(42);
		assertThat(results.get(1).error()).startsWith("You already called calculator");
		assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TurnEvent.Failed.class,
				(failed) -> assertThat(failed.code()).isEqualTo(ErrorCodes.LOOP_DETECTED));
	}

	@Test
	void aModelFailureEndsTheTurn() {
		this.model.play(Flux.concat(Flux.just(new ModelEvent.TextDelta("partial ")),
				Flux.error(new ModelException("connection reset"))));

		List<TurnEvent> events = run("fail");

		assertThat(events).containsExactly(new TurnEvent.Response(1, "partial "),
				new TurnEvent.Failed(ErrorCodes.MODEL_ERROR, "connection reset"));
		assertThat(this.report.messages()).as("only a cancelled turn keeps its partial answer").isEmpty();
		assertThat(this.report.steps()).isEqualTo(1);
	}

	@Test
	void anAnswerCutAtTheOutputLimitIsAnError() {
		this.model.play(
				Flux.just(new ModelEvent.TextDelta("The answer is"), new ModelEvent.Finish(ModelEvent.Finish.LENGTH)));

		List<TurnEvent> events = run("long");

		assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TurnEvent.Failed.class,
				(failed) -> assertThat(failed.code()).isEqualTo(ErrorCodes.LENGTH));
	}

	@Test
	void reasoningAndTextDeltasBecomeThoughtAndResponseEvents() {
		this.model.play(Flux.just(new ModelEvent.ReasoningDelta("hmm "), new ModelEvent.ReasoningDelta("ok"),
				new ModelEvent.TextDelta("Hi"), new ModelEvent.TextDelta("!"), new ModelEvent.Finish("stop")));

		List<TurnEvent> events = run("hello");

		assertThat(events.subList(0, 4)).containsExactly(new TurnEvent.Thought(1, "hmm "),
				new TurnEvent.Thought(1, "ok"), new TurnEvent.Response(1, "Hi"), new TurnEvent.Response(1, "!"));
		assertThat(events.get(4)).isInstanceOfSatisfying(TurnEvent.Done.class, (done) -> {
			assertThat(done.response()).isEqualTo("Hi!");
			assertThat(done.steps()).isEqualTo(1);
			assertThat(done.usage()).isEqualTo(dev.agentserve.event.TokenUsage.NONE);
		});
	}

	@Test
	void doneReportsHowLongTheTurnTook() {
		this.model.play(answer("late").delaySubscription(Duration.ofMillis(300)));
		long start = System.nanoTime();

		List<TurnEvent> events = run("take your time");

		long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
		// The turn's clock counts whole milliseconds of wall time, ours truncates nanos.
		assertThat(((TurnEvent.Done) events.get(events.size() - 1)).durationMs()).isBetween(300L, elapsed + 2);
	}

	@Test
	void aModelWithoutFunctionCallingUsesTheTextProtocol() {
		this.model.play(
				text("Thought: I need the calculator.\nAction: calculator\nAction Input: {\"expression\": \"6*7\"}"),
				text("Thought: and 2+2\nAction: calculator\nAction Input: 2+2"),
				text("Thought: I forgot the input.\nAction: calculator"),
				text("Thought: I know it now.\nFinal Answer: 42 and 4"));

		List<TurnEvent> events = run("scripted-text", "What are 6*7 and 2+2?");

		List<TurnEvent.ToolResult> results = results(events);
		assertThat(results).extracting((result) -> result.result().path("result").asInt()).containsExactly(42, 4);
		assertThat(events).filteredOn(TurnEvent.ToolCallRequested.class::isInstance)
			.extracting((event) -> ((TurnEvent.ToolCallRequested) event).args().path("expression").asString())
			.containsExactly("6*7", "2+2");
		assertThat(events).filteredOn(TurnEvent.Response.class::isInstance)
			.containsExactly(new TurnEvent.Response(4, "42 and 4"));
		assertThat(((TurnEvent.Done) events.get(events.size() - 1)).response()).isEqualTo("42 and 4");
		List<ModelRequest> requests = this.model.requests();
		assertThat(requests.get(0).tools()).isEmpty();
		assertThat(requests.get(0).messages().get(0).content()).contains("Action Input:").contains("calculator");
		assertThat(requests.get(1).messages().get(requests.get(1).messages().size() - 1))
			.isEqualTo(new UserMessage("Observation: {\"result\":42}"));
		assertThat(requests.get(3).messages().get(requests.get(3).messages().size() - 1).content())
			.startsWith("Observation: your reply did not follow the format: 'Action: calculator' must be followed");
	}

	private static Flux<ModelEvent> text(String reply) {
		return Flux.just(new ModelEvent.TextDelta(reply), new ModelEvent.Finish(ModelEvent.Finish.STOP));
	}

	private List<TurnEvent> run(String message) {
		return run("scripted", message);
	}

	private List<TurnEvent> run(String agentType, String message) {
		AgentRun run = new AgentRun(agentType, this.agents.require(agentType),
				List.of(new SystemMessage("test"), new UserMessage(message)), "u", "s", "t", 0, Mono.never(), 20000);
		List<LoopSignal> signals = new ArrayList<>();
		StepVerifier.create(this.loop.run(run))
			.recordWith(() -> signals)
			.thenConsumeWhile((signal) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(signals.get(signals.size() - 1)).isInstanceOfSatisfying(LoopSignal.Ended.class,
				(ended) -> this.report = ended.report());
		List<TurnEvent> events = signals.stream().map(Signals::event).toList();
		assertThat(events).filteredOn(TurnEvent::terminal).hasSize(1);
		assertThat(events.get(events.size() - 1).terminal()).isTrue();
		return events;
	}

	private static List<String> types(List<TurnEvent> events) {
		return events.stream().map(TurnEvent::type).toList();
	}

	private static List<TurnEvent.ToolResult> results(List<TurnEvent> events) {
		return events.stream()
			.filter(TurnEvent.ToolResult.class::isInstance)
			.map(TurnEvent.ToolResult.class::cast)
			.toList();
	}

	private static TurnEvent.ToolResult resultOf(List<TurnEvent.ToolResult> results, String callId) {
		return results.stream().filter((result) -> result.callId().equals(callId)).findFirst().orElseThrow();
	}

	private static TurnEvent.ToolResult firstResult(List<TurnEvent> events) {
		return results(events).get(0);
	}

}
