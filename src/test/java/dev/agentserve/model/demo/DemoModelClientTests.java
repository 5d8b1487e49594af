package dev.agentserve.model.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelEvent.Finish;
import dev.agentserve.model.ModelEvent.ReasoningDelta;
import dev.agentserve.model.ModelEvent.TextDelta;
import dev.agentserve.model.ModelEvent.ToolCallStart;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DemoModelClientTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String QUESTION = "What is 12*(3+4)?";

	@Test
	void defaultsThinkThenCallTheCalculatorThenAnswerWithItsResult() {
		DemoModelClient model = new DemoModelClient(new DemoModelProperties(Duration.ZERO, Duration.ZERO, 0));

		List<ModelEvent> first = model.stream(request(new UserMessage(QUESTION))).collectList().block();
		assertThat(first).first().isInstanceOf(ReasoningDelta.class);
		assertThat(first).filteredOn(ToolCallStart.class::isInstance)
			.singleElement()
			.isEqualTo(new ToolCallStart(0, "call_demo_1", DemoModelClient.CALCULATOR));

		List<ModelEvent> second = model.stream(afterTool()).collectList().block();
		assertThat(second).first().isInstanceOf(ReasoningDelta.class);
		assertThat(text(second)).isEqualTo("12*(3+4) = 84");
		assertThat(second).last().isEqualTo(new Finish(Finish.STOP));
	}

	@Test
	void firstTokenDelayPausesEveryRoundBeforeItsFirstEvent() {
		DemoModelClient model = new DemoModelClient(new DemoModelProperties(Duration.ofMillis(200), Duration.ZERO, 20));

		StepVerifier.withVirtualTime(() -> model.stream(request(new UserMessage(QUESTION))))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(199))
			.thenAwait(Duration.ofMillis(1))
			.expectNext(new ToolCallStart(0, "call_demo_1", DemoModelClient.CALCULATOR))
			.thenConsumeWhile((event) -> true)
			.verifyComplete();
		StepVerifier.withVirtualTime(() -> model.stream(afterTool()))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(199))
			.thenAwait(Duration.ofMillis(1))
			.expectNextMatches(TextDelta.class::isInstance)
			.thenConsumeWhile((event) -> true)
			.verifyComplete();
	}

	@Test
	void answerTokensStreamsExactlyThatManyTokensOnePerDelayStartingWithTheResult() {
		DemoModelClient model = new DemoModelClient(
				new DemoModelProperties(Duration.ofMillis(200), Duration.ofMillis(10), 20));

		StepVerifier.withVirtualTime(() -> model.stream(afterTool()).collectList())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200 + 20 * 10 - 1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((answer) -> {
				assertThat(answer).filteredOn(TextDelta.class::isInstance).hasSize(20);
				assertThat(answer).noneMatch(ReasoningDelta.class::isInstance);
				assertThat(text(answer)).startsWith("12*(3+4) = 84 ").endsWith("tok19 ");
				assertThat(answer).contains(new ModelEvent.Usage(usageInput(), 20, 0));
			})
			.verifyComplete();
	}

	@Test
	void benchmarkShapeCallsTheToolAtOnceWithoutAThought() {
		DemoModelClient model = new DemoModelClient(new DemoModelProperties(Duration.ZERO, Duration.ofMillis(10), 20));

		StepVerifier.withVirtualTime(() -> model.stream(request(new UserMessage(QUESTION))))
			.expectNext(new ToolCallStart(0, "call_demo_1", DemoModelClient.CALCULATOR))
			.expectNextCount(3)
			.expectNextMatches(ModelEvent.Usage.class::isInstance)
			.expectNext(new Finish(Finish.TOOL_CALLS))
			.verifyComplete();
	}

	@Test
	void aShortAnswerLengthKeepsTheWholeResultInItsLastToken() {
		assertThat(DemoModelClient.exactly(2, DemoModelClient.tokens("12*(3+4) = 84"))).containsExactly("12*(3+4) ",
				"= 84");
		assertThat(DemoModelClient.exactly(4, DemoModelClient.tokens("12*(3+4) = 84"))).containsExactly("12*(3+4) ",
				"= ", "84 ", "tok3 ");
	}

	private static ModelRequest request(Message... messages) {
		ToolDefinition calculator = new ToolDefinition(DemoModelClient.CALCULATOR, "Evaluates arithmetic",
				JSON.createObjectNode());
		return new ModelRequest("demo", List.of(messages), List.of(calculator), Map.of());
	}

	private static ModelRequest afterTool() {
		ToolCall call = new ToolCall("call_demo_1", DemoModelClient.CALCULATOR,
				JSON.createObjectNode().put("expression", "12*(3+4)"));
		return request(new UserMessage(QUESTION), new AssistantMessage("", List.of(call)),
				new ToolMessage("call_demo_1", DemoModelClient.CALCULATOR, "{\"result\":84}", false));
	}

	private static long usageInput() {
		return afterTool().messages().stream().mapToLong((message) -> message.content().length()).sum() / 4 + 1;
	}

	private static String text(List<ModelEvent> events) {
		StringBuilder text = new StringBuilder();
		events.forEach((event) -> {
			if (event instanceof TextDelta delta) {
				text.append(delta.text());
			}
		});
		return text.toString();
	}

	@Test
	void theStreamedAnswerHasTheSameTokensAsTheListed() {
		List<String> words = DemoModelClient.tokens("12*(3+4) = 84");
		for (int count : new int[] { 1, 2, 3, 4, 20 }) {
			assertThat(DemoModelClient.answer(count, words).collectList().block())
				.isEqualTo(DemoModelClient.exactly(count, words));
		}
	}

}
