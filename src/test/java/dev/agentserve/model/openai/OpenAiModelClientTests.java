package dev.agentserve.model.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Image;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelEvent.Finish;
import dev.agentserve.model.ModelEvent.ReasoningDelta;
import dev.agentserve.model.ModelEvent.TextDelta;
import dev.agentserve.model.ModelEvent.ToolArgsDelta;
import dev.agentserve.model.ModelEvent.ToolCallEnd;
import dev.agentserve.model.ModelEvent.ToolCallStart;
import dev.agentserve.model.ModelEvent.Usage;
import dev.agentserve.model.ModelException;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolDefinition;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import dev.agentserve.model.http.EndpointType;
import dev.agentserve.model.http.TestEndpoints;
import dev.agentserve.support.FakeProvider;
import dev.agentserve.support.FakeProvider.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI-compatible client against recorded Chat Completions streams. */
class OpenAiModelClientTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FakeProvider server = new FakeProvider();

	private final ModelClient client = TestEndpoints.provider("openai", TestEndpoints.endpoint(EndpointType.OPENAI,
			this.server.baseUrl() + "/v1", 2, Map.of("chat_template_kwargs", Map.of("enable_thinking", true))))
		.client("openai", "gpt-4o");

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void parallelToolCallsAreAssembledFromManyChunks() {
		this.server.reply(Reply.stream("openai/parallel-tool-calls.sse"));

		assertThat(events(request(List.of(new UserMessage("6*7, and the time in Tokyo?"))))).containsExactly(
				new ToolCallStart(0, "call_abc", "calculator"), new ToolArgsDelta(0, "{\"ex"),
				new ToolArgsDelta(0, "pression\":"), new ToolArgsDelta(0, " \"6*7\"}"),
				new ToolCallStart(1, "call_def", "current_time"), new ToolArgsDelta(1, "{\"timezone\""),
				new ToolArgsDelta(1, ": \"Asia/Tokyo\"}"), new Usage(82, 41, 0), new ToolCallEnd(0), new ToolCallEnd(1),
				new Finish(Finish.TOOL_CALLS));

		FakeProvider.Recorded sent = this.server.requests().get(0);
		assertThat(sent.path()).isEqualTo("/v1/chat/completions");
		assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TestEndpoints.API_KEY);
		JsonNode body = sent.body();
		assertThat(body.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
		assertThat(body.get("chat_template_kwargs").get("enable_thinking").asBoolean()).isTrue();
		assertThat(body.get("tools").get(0).get("type").asString()).isEqualTo("function");
		assertThat(body.get("tools").get(0).get("function").get("name").asString()).isEqualTo("calculator");
		assertThat(body.get("tools").get(0).get("function").get("parameters").get("type").asString())
			.isEqualTo("object");
	}

	@Test
	void toolResultsGoBackAsToolMessages() {
		this.server.reply(Reply.stream("openai/answer.sse"));
		List<Message> conversation = List
			.of(new SystemMessage("Be brief."), new UserMessage("6*7?"), new AssistantMessage("",
					List.of(new ToolCall("call_abc", "calculator", JSON.createObjectNode().put("expression", "6*7")))),
					new ToolMessage("call_abc", "calculator", "{\"result\":42}", false));

		assertThat(events(request(conversation))).containsExactly(new TextDelta("6*7 is 42"),
				new TextDelta("; in Tokyo it is 10:00."), new Usage(140, 12, 0), new Finish(Finish.STOP));

		JsonNode messages = this.server.requests().get(0).body().get("messages");
		assertThat(messages.get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be brief.\"}");
		assertThat(messages.get(2).get("content").isNull()).isTrue();
		assertThat(messages.get(2).get("tool_calls").get(0).toString()).isEqualTo(
				"{\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"6*7\\\"}\"}}");
		assertThat(messages.get(3).toString())
			.isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"call_abc\",\"content\":\"{\\\"result\\\":42}\"}");
	}

	@Test
	void vllmReasoningContentBecomesReasoning() {
		this.server.reply(Reply.stream("openai/vllm-reasoning.sse"));

		assertThat(events(request(List.of(new UserMessage("2+2?"))))).containsExactly(
				new ReasoningDelta("The user asks 2+2."), new ReasoningDelta(" That is 4."), new TextDelta("2 + 2 = 4"),
				new Usage(15, 25, 0), new Finish(Finish.STOP));
	}

	@Test
	void ollamaToolCallsWithoutIndexAndReasoningField() {
		this.server.reply(Reply.stream("openai/ollama-tool-call.sse"));

		assertThat(events(request(List.of(new UserMessage("6*7?"))))).containsExactly(
				new ReasoningDelta("I should use the calculator."), new ToolCallStart(0, "call_k2o1", "calculator"),
				new ToolArgsDelta(0, "{\"expression\":\"6*7\"}"), new Usage(120, 24, 0), new ToolCallEnd(0),
				new Finish(Finish.TOOL_CALLS));
	}

	@Test
	void dashscopeToolCallsWithEmptyIdsOnLaterDeltas() {
		this.server.reply(Reply.stream("openai/dashscope-tool-call.sse"));

		assertThat(events(request(List.of(new UserMessage("6*7?"))))).containsExactly(
				new ToolCallStart(0, "call_8f08d2b0fc0c4d8fab7123", "calculator"),
				new ToolArgsDelta(0, "{\"expression\": \""), new ToolArgsDelta(0, "6*7\"}"), new Usage(264, 21, 0),
				new ToolCallEnd(0), new Finish(Finish.TOOL_CALLS));
	}

	@Test
	void anErrorObjectMidStreamEndsTheRoundWithoutRetry() {
		this.server.reply(Reply.stream("openai/error-mid-stream.sse"), Reply.stream("openai/answer.sse"));

		StepVerifier.create(this.client.stream(request(List.of(new UserMessage("hi")))))
			.expectNext(new TextDelta("Let me"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ModelException.class)
				.hasMessageContaining("The server had an error"))
			.verify(Duration.ofSeconds(5));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void imagesGoAsImageUrlPartsWithDataUrlsAndEarlierOnesAsNotes() {
		this.server.reply(Reply.stream("openai/answer.sse"));
		byte[] png = { (byte) 0x89, 'P', 'N', 'G' };
		Image earlier = Image.of("image/jpeg", new byte[10], "ab12", 4, 5).reference();
		List<Message> conversation = List.of(new UserMessage("And this?", List.of(earlier)),
				new UserMessage("What is in these?", List.of(Image.of("image/png", png, "cd34", 2, 3),
						Image.at("image/webp", "https://images.example/cat.webp"))));

		events(request(conversation));

		JsonNode messages = this.server.requests().get(0).body().get("messages");
		assertThat(messages.get(0).toString()).isEqualTo("{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"And this?\"},"
				+ "{\"type\":\"text\",\"text\":\"[an image the user sent earlier (image/jpeg, 4x5, 10 bytes); it is no longer available]\"}]}");
		assertThat(messages.get(1).toString())
			.isEqualTo("{\"role\":\"user\",\"content\":[" + "{\"type\":\"text\",\"text\":\"What is in these?\"},"
					+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw==\"}},"
					+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://images.example/cat.webp\"}}]}");
	}

	private List<ModelEvent> events(ModelRequest request) {
		List<ModelEvent> events = new ArrayList<>();
		StepVerifier.create(this.client.stream(request))
			.recordWith(() -> events)
			.thenConsumeWhile((event) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		return events;
	}

	static ModelRequest request(List<Message> messages) {
		ToolDefinition calculator = new ToolDefinition("calculator", "Evaluates arithmetic.",
				JSON.readTree("{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}}}"));
		return new ModelRequest("gpt-4o", messages, List.of(calculator), Map.of());
	}

}
