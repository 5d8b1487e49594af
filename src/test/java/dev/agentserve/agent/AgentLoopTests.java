package dev.agentserve.agent;

import dev.agentserve.telemetry.TurnTelemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.agentserve.approval.ApprovalDecision;
import dev.agentserve.event.ErrorCodes;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelRegistry;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.tool.LocalTools;
import dev.agentserve.tool.TestTools;
import dev.agentserve.tool.ToolProperties;
import dev.agentserve.tool.ToolRegistry;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.ToolCall;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static dev.agentserve.model.ScriptedModel.answer;
import static dev.agentserve.model.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgentLoop} built by hand with the scripted model, in-memory tools and an
 * in-memory approval gate, on virtual time: no Spring context, no Redis, no waiting.
 */
class AgentLoopTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration TURN_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(5);

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final Clock clock = new VirtualClock(this.time);

	private final ScriptedModel model = new ScriptedModel();

	private final TestTools.Guarded guarded = new TestTools.Guarded();

	private final InMemoryApprovalGate gate = new InMemoryApprovalGate(this.clock);

	private AgentLoop loop;

	/** The signals of the turn {@link #verify} ran, in order. */
	private final List<LoopSignal> signals = new CopyOnWriteArrayList<>();

	@BeforeEach
	void loop() {
		ToolProperties properties = new ToolProperties(Duration.ofSeconds(30), 1, Duration.ofMillis(10), 8,
				Map.of("guarded", new ToolProperties.Override(null, null, true)), APPROVAL_TIMEOUT);
		ToolRegistry registry = LocalTools.registry(new TestTools.Slow(), this.guarded);
		this.loop = new AgentLoop(new ModelRegistry(List.of(this.model)), registry,
				LocalTools.executor(registry, properties), JsonMapper.builder().build(), properties, this.gate,
				this.clock, TurnTelemetry.inMemory());
	}

	@AfterEach
	void realTime() {
		VirtualTimeScheduler.reset();
	}

	@Test
	void waitingForApprovalDoesNotCountAgainstTheTurnTimeout() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("guarded", "{\"x\":1}"), answer("finished")))
			.assertNext((event) -> assertThat(event).isInstanceOf(TurnEvent.ToolCallRequested.class))
			.expectNext(new TurnEvent.ApprovalRequired(1, "call_0_guarded", "guarded", json("{\"x\":1}"),
					START.plus(APPROVAL_TIMEOUT)))
			.thenAwait(Duration.ofMinutes(4))
			.then(() -> this.gate.decide("t1", "call_0_guarded", approve()))
			.assertNext((event) -> assertThat(((TurnEvent.ToolResult) event).result()).isEqualTo(json("{\"x\":1}")))
			.expectNext(new TurnEvent.Response(2, "finished"))
			.assertNext((event) -> assertThat(((TurnEvent.Done) event).durationMs()).as("wall time, the wait included")
				.isEqualTo(Duration.ofMinutes(4).toMillis()))
			.verifyComplete();
		assertThat(this.guarded.calls).hasValue(1);
	}

	@Test
	void timeBeforeAndAfterAnApprovalStillCountsAgainstTheTurnTimeout() {
		AgentRun run = run("t1", 4);
		verify(run,
				() -> this.model.play(call("guarded", "{\"x\":1}").delaySubscription(Duration.ofMillis(1500)),
						answer("too late").delaySubscription(Duration.ofSeconds(1))))
			.thenAwait(Duration.ofMillis(1500))
			.expectNextCount(2)
			.thenAwait(Duration.ofMinutes(1))
			.then(() -> this.gate.decide("t1", "call_0_guarded", approve()))
			.expectNextCount(1)
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(new TurnEvent.Failed(ErrorCodes.TIMEOUT, "The turn did not finish within 2000 ms"))
			.verifyComplete();
	}

	@Test
	void anUnansweredCallExpiresAtItsDeadlineAndTheModelIsTold() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("guarded", "{\"x\":1}"), answer("I could not"))).expectNextCount(2)
			.expectNoEvent(APPROVAL_TIMEOUT.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((event) -> assertThat(((TurnEvent.ToolResult) event).error()).contains("expired"))
			.expectNext(new TurnEvent.Response(2, "I could not"))
			.assertNext((event) -> assertThat(event).isInstanceOf(TurnEvent.Done.class))
			.verifyComplete();
		List<Message> told = this.model.requests().get(1).messages();
		assertThat(told.get(told.size() - 1)).isInstanceOfSatisfying(ToolMessage.class, (message) -> {
			assertThat(message.error()).isTrue();
			assertThat(message.content()).contains("before it expired");
		});
		assertThat(this.guarded.calls).hasValue(0);
	}

	@Test
	void anEditIsShownAsTheCallWithTheEditedArgumentsBeforeItRuns() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("guarded", "{\"x\":1}"), answer("edited"))).expectNextCount(2)
			.then(() -> this.gate.decide("t1", "call_0_guarded",
					new ApprovalDecision(ApprovalDecision.Kind.EDIT, json("{\"x\":2}"), "u")))
			.expectNext(new TurnEvent.ToolCallRequested(1, "call_0_guarded", "guarded", json("{\"x\":2}")))
			.assertNext((event) -> assertThat(((TurnEvent.ToolResult) event).result()).isEqualTo(json("{\"x\":2}")))
			.expectNextCount(2)
			.verifyComplete();
	}

	@Test
	void endingTheTurnWhileACallWaitsCancelsTheWait() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("guarded", "{\"x\":1}"), answer("never"))).expectNextCount(2)
			.thenAwait(Duration.ofSeconds(30))
			.thenCancel()
			.verify();
		assertThat(this.gate.cancelled).containsExactly("t1/call_0_guarded");
	}

	@Test
	void twoTurnsReusingACallIdHaveTheirOwnDeadlines() {
		VirtualTimeScheduler.set(this.time);
		this.model.play(call("guarded", "{\"x\":1}"), call("guarded", "{\"x\":1}"), answer("a"), answer("b"));
		List<TurnEvent> first = new CopyOnWriteArrayList<>();
		List<TurnEvent> second = new CopyOnWriteArrayList<>();
		this.loop.run(run("t1", 4)).map(Signals::event).subscribe(first::add);
		this.time.advanceTimeBy(Duration.ofMinutes(1));
		this.loop.run(run("t2", 4)).map(Signals::event).subscribe(second::add);

		assertThat(this.gate.waits).extracting(InMemoryApprovalGate.Waiting::expiresAt)
			.containsExactly(START.plus(APPROVAL_TIMEOUT), START.plus(Duration.ofMinutes(1)).plus(APPROVAL_TIMEOUT));
		this.time.advanceTimeBy(APPROVAL_TIMEOUT.minusMinutes(1));
		assertThat(first).extracting(TurnEvent::type).contains("tool_result", "done");
		assertThat(second).extracting(TurnEvent::type).containsExactly("tool_call", "approval_required");
		this.time.advanceTimeBy(Duration.ofMinutes(1));
		assertThat(second).extracting(TurnEvent::type).contains("tool_result", "done");
	}

	@Test
	void toolCallsOfOneRoundRunInParallel() {
		AgentRun run = run("t1", 4);
		verify(run,
				() -> this.model.play(call("slow", "{\"ms\":600}", "slow", "{\"ms\":601}", "slow", "{\"ms\":602}"),
						answer("done")))
			.expectNextCount(3)
			.expectNoEvent(Duration.ofMillis(600))
			.expectNextCount(1)
			.thenAwait(Duration.ofMillis(2))
			.expectNextCount(3)
			.assertNext((event) -> assertThat(((TurnEvent.Done) event).durationMs())
				.as("three 600 ms calls one after another would take 1.8 s")
				.isEqualTo(602))
			.verifyComplete();
	}

	@Test
	void maxStepsEndsTheTurn() {
		AgentRun run = run("t1", 2);
		verify(run, () -> this.model.play(call("slow", "{\"ms\":1}"), call("slow", "{\"ms\":2}"), answer("never")))
			.thenAwait(Duration.ofMillis(10))
			.expectNextCount(4)
			.expectNext(new TurnEvent.Failed(ErrorCodes.MAX_STEPS, "The agent used all 2 steps without a final answer"))
			.verifyComplete();
		assertThat(this.model.requests()).hasSize(2);
	}

	@Test
	void aModelThatNeverAnswersIsTimedOut() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(Flux.<ModelEvent>never())).expectSubscription()
			.expectNoEvent(TURN_TIMEOUT.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(new TurnEvent.Failed(ErrorCodes.TIMEOUT, "The turn did not finish within 2000 ms"))
			.verifyComplete();
	}

	@Test
	void theReportTracesEachModelRoundAndToolCall() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("slow", "{\"ms\":1}"), answer("finished")))
			.thenAwait(Duration.ofMillis(1))
			.expectNextCount(3)
			.assertNext((event) -> assertThat(event).isInstanceOf(TurnEvent.Done.class))
			.verifyComplete();

		List<TurnStep> trace = report().trace();

		assertThat(trace).hasSize(3);
		assertThat(trace.get(0)).isInstanceOfSatisfying(TurnStep.Model.class, (round) -> {
			assertThat(round.step()).isEqualTo(1);
			assertThat(round.finishReason()).isEqualTo("tool_calls");
			assertThat(round.inputTokens()).isEqualTo(10);
			assertThat(round.outputTokens()).isEqualTo(5);
			assertThat(round.firstTokenMs()).isNotNull();
		});
		assertThat(trace.get(1)).isInstanceOfSatisfying(TurnStep.Tool.class, (call) -> {
			assertThat(call.step()).isEqualTo(1);
			assertThat(call.callId()).isEqualTo("call_0_slow");
			assertThat(call.tool()).isEqualTo("slow");
			assertThat(call.outcome()).isEqualTo("ok");
			assertThat(call.attempts()).isEqualTo(1);
		});
		assertThat(trace.get(2)).isInstanceOfSatisfying(TurnStep.Model.class,
				(round) -> assertThat(round.finishReason()).isEqualTo("stop"));
	}

	@Test
	void aCancelledRoundIsTracedAsCancelled() {
		Sinks.One<String> cancel = Sinks.one();
		AgentRun run = run("t1", 4, cancel.asMono(), 20000);
		verify(run, () -> this.model.play(Flux.<ModelEvent>never())).expectSubscription()
			.then(() -> cancel.tryEmitValue("stop"))
			.expectNext(new TurnEvent.Cancelled("stop"))
			.verifyComplete();

		assertThat(report().trace()).singleElement().isInstanceOfSatisfying(TurnStep.Model.class, (round) -> {
			assertThat(round.finishReason()).isEqualTo("cancelled");
			assertThat(round.firstTokenMs()).isNull();
		});
	}

	@Test
	void aDoneTurnReportsWhatItAddsToTheConversation() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("slow", "{\"ms\":1}"), answer("finished")))
			.thenAwait(Duration.ofMillis(1))
			.expectNextCount(3)
			.assertNext((event) -> assertThat(event).isInstanceOf(TurnEvent.Done.class))
			.verifyComplete();
		LoopReport report = report();
		assertThat(report.messages()).hasSize(3);
		assertThat(report.messages().get(0)).isInstanceOfSatisfying(AssistantMessage.class,
				(asked) -> assertThat(asked.toolCalls()).extracting(ToolCall::id).containsExactly("call_0_slow"));
		assertThat(report.messages().get(1)).isInstanceOfSatisfying(ToolMessage.class,
				(result) -> assertThat(result.callId()).isEqualTo("call_0_slow"));
		assertThat(report.messages().get(2)).isEqualTo(new AssistantMessage("finished", List.of()));
		assertThat(report.usage()).isEqualTo(new TokenUsage(20, 10, 0));
		assertThat(report.steps()).isEqualTo(2);
		assertThat(this.signals.get(0)).as("the usage so far rides on each event, for an interrupted turn")
			.isEqualTo(new LoopSignal.Emitted(
					new TurnEvent.ToolCallRequested(1, "call_0_slow", "slow", json("{\"ms\":1}")),
					new TokenUsage(10, 5, 0)));
	}

	@Test
	void aCancelledTurnReportsItsPartialAnswerMarkedCancelled() {
		Sinks.One<String> cancel = Sinks.one();
		AgentRun run = run("t1", 4, cancel.asMono(), 20000);
		verify(run,
				() -> this.model
					.play(Flux.<ModelEvent>just(new ModelEvent.TextDelta("half an ")).concatWith(Flux.never())))
			.expectNext(new TurnEvent.Response(1, "half an "))
			.then(() -> cancel.tryEmitValue("cancelled by request"))
			.expectNext(new TurnEvent.Cancelled("cancelled by request"))
			.verifyComplete();
		assertThat(report().messages()).containsExactly(AssistantMessage.cancelled("half an "));
		assertThat(report().steps()).isEqualTo(1);
	}

	@Test
	void aCancelledTurnDropsToolCallsThatGotNoResult() {
		Sinks.One<String> cancel = Sinks.one();
		AgentRun run = run("t1", 4, cancel.asMono(), 20000);
		verify(run, () -> this.model.play(call("slow", "{\"ms\":1}"), call("guarded", "{\"x\":1}")))
			.thenAwait(Duration.ofMillis(1))
			.expectNextCount(2)
			.expectNext(new TurnEvent.ToolCallRequested(2, "call_0_guarded", "guarded", json("{\"x\":1}")))
			.expectNextCount(1)
			.then(() -> cancel.tryEmitValue("stop"))
			.expectNext(new TurnEvent.Cancelled("stop"))
			.verifyComplete();
		List<Message> messages = report().messages();
		assertThat(messages).hasSize(3);
		assertThat(messages.get(0)).isInstanceOfSatisfying(AssistantMessage.class,
				(asked) -> assertThat(asked.toolCalls()).extracting(ToolCall::id).containsExactly("call_0_slow"));
		assertThat(messages.get(1)).isInstanceOf(ToolMessage.class);
		assertThat(messages.get(2)).isEqualTo(AssistantMessage.cancelled(""));
		assertThat(this.gate.cancelled).containsExactly("t1/call_0_guarded");
		assertThat(report().usage()).isEqualTo(new TokenUsage(20, 10, 0));
	}

	@Test
	void theEventLimitEndsTheTurnWithItsReport() {
		AgentRun run = run("t1", 4, Mono.never(), 5);
		verify(run,
				() -> this.model.play(call("slow", "{\"ms\":1}", "slow", "{\"ms\":2}", "slow", "{\"ms\":3}"),
						answer("never")))
			.expectNextCount(2)
			.expectNext(new TurnEvent.Failed(ErrorCodes.EVENT_LIMIT, "The turn produced more than 5 events"))
			.verifyComplete();
		LoopReport report = report();
		assertThat(report.messages()).as("the calls never got results, so the history gets nothing").isEmpty();
		assertThat(report.usage()).isEqualTo(new TokenUsage(10, 5, 0));
		assertThat(report.steps()).isEqualTo(1);
	}

	@Test
	void aTimedOutTurnReportsWhatItAddedBeforeTheTimeout() {
		AgentRun run = run("t1", 4);
		verify(run, () -> this.model.play(call("slow", "{\"ms\":1}"), Flux.<ModelEvent>never())).thenAwait(TURN_TIMEOUT)
			.expectNextCount(2)
			.expectNext(new TurnEvent.Failed(ErrorCodes.TIMEOUT, "The turn did not finish within 2000 ms"))
			.verifyComplete();
		assertThat(report().messages()).hasSize(2).last().isInstanceOf(ToolMessage.class);
		assertThat(report().steps()).isEqualTo(2);
	}

	private StepVerifier.FirstStep<TurnEvent> verify(AgentRun run, Runnable script) {
		Supplier<Flux<TurnEvent>> scenario = () -> {
			script.run();
			return this.loop.run(run).doOnNext(this.signals::add).map(Signals::event);
		};
		return StepVerifier.withVirtualTime(scenario, () -> this.time, Long.MAX_VALUE);
	}

	private LoopReport report() {
		assertThat(this.signals).last().isInstanceOf(LoopSignal.Ended.class);
		return ((LoopSignal.Ended) this.signals.get(this.signals.size() - 1)).report();
	}

	private static AgentRun run(String turnId, int maxSteps) {
		return run(turnId, maxSteps, Mono.never(), 20000);
	}

	private static AgentRun run(String turnId, int maxSteps, Mono<String> cancel, int maxEvents) {
		AgentSpec spec = new AgentSpec("", "scripted", "test", maxSteps, TURN_TIMEOUT, List.of("slow", "guarded"),
				16000, ToolCalling.NATIVE, Map.of(), 0, java.math.BigDecimal.ZERO, AgentMemory.DEFAULT);
		return new AgentRun("scripted", spec, List.of(new SystemMessage("test"), new UserMessage("go")), "u", "s",
				turnId, 0, cancel, maxEvents);
	}

	private static ApprovalDecision approve() {
		return new ApprovalDecision(ApprovalDecision.Kind.APPROVE, null, "u");
	}

	private static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}

	/** The virtual scheduler's time as a {@link Clock}, starting at {@link #START}. */
	private static final class VirtualClock extends Clock {

		private final VirtualTimeScheduler time;

		VirtualClock(VirtualTimeScheduler time) {
			this.time = time;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return START.plusMillis(this.time.now(TimeUnit.MILLISECONDS));
		}

	}

}
