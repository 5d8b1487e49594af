package dev.agentserve.model.anthropic;

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
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.Reasoning;
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

/** The Anthropic client against recorded Messages streams. */
class AnthropicModelClientTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FakeProvider server = new FakeProvider();

	private final ModelClient client = TestEndpoints
		.provider("anthropic", TestEndpoints.endpoint(EndpointType.ANTHROPIC, this.server.baseUrl(), 2, Map.of()))
		.client("anthropic", "claude-sonnet-4-5");

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void thinkingWithSignatureRedactedThinkingTextAndToolUse() {
		this.server.reply(Reply.stream("anthropic/thinking-tool-use.sse"));

		assertThat(events(request(List.of(new SystemMessage("Be brief."), new UserMessage("6*7?"))))).containsExactly(
				new ModelEvent.ReasoningDelta("The user wants 6*7."),
				new ModelEvent.ReasoningDelta(" I will use the calculator."),
				new ModelEvent.ReasoningSignature("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
				new ModelEvent.RedactedReasoning("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
				new ModelEvent.TextDelta("Let me calculate."),
				new ModelEvent.ToolCallStart(0, "toolu_01T1x1", "calculator"),
				new ModelEvent.ToolArgsDelta(0, "{\"expre"), new ModelEvent.ToolArgsDelta(0, "ssion\": \"6*7\"}"),
				new ModelEvent.ToolCallEnd(0), new ModelEvent.Usage(472, 89, 0), new Finish(Finish.TOOL_CALLS));

		FakeProvider.Recorded sent = this.server.requests().get(0);
		assertThat(sent.path()).isEqualTo("/v1/messages");
		assertThat(sent.header("x-api-key")).isEqualTo(TestEndpoints.API_KEY);
		assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
		assertThat(sent.body().get("system").asString()).isEqualTo("Be brief.");
		assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(1024);
		assertThat(sent.body().get("tools").get(0).get("input_schema").get("type").asString()).isEqualTo("object");
		assertThat(sent.body().get("messages").toString())
			.isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"6*7?\"}]}]");
	}

	@Test
	void thinkingBlocksGoBackBeforeToolUseAndResultsAsToolResultBlocks() {
		this.server.reply(Reply.stream("anthropic/answer.sse"));
		List<Message> conversation = List.of(new UserMessage("6*7?"), new AssistantMessage("Let me calculate.",
				List.of(new ToolCall("toolu_01T1x1", "calculator", JSON.createObjectNode().put("expression", "6*7"))),
				List.of(new Reasoning("The user wants 6*7.", "sig-1", null), new Reasoning("", null, "redacted-1"))),
				new ToolMessage("toolu_01T1x1", "calculator", "{\"result\":42}", false));

		assertThat(events(request(conversation))).containsExactly(new ModelEvent.TextDelta("6*7 = "),
				new ModelEvent.TextDelta("42"), new ModelEvent.Usage(610, 7, 0), new Finish(Finish.STOP));

		JsonNode messages = this.server.requests().get(0).body().get("messages");
		assertThat(messages.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":["
				+ "{\"type\":\"thinking\",\"thinking\":\"The user wants 6*7.\",\"signature\":\"sig-1\"},"
				+ "{\"type\":\"redacted_thinking\",\"data\":\"redacted-1\"},"
				+ "{\"type\":\"text\",\"text\":\"Let me calculate.\"},"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1\",\"name\":\"calculator\",\"input\":{\"expression\":\"6*7\"}}]}");
		assertThat(messages.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
				+ "\"tool_use_id\":\"toolu_01T1x1\",\"content\":\"{\\\"result\\\":42}\",\"is_error\":false}]}");
	}

	@Test
	void anOverloadedErrorBeforeAnyContentIsRetried() {
		this.server.reply(Reply.stream("anthropic/overloaded.sse"), Reply.stream("anthropic/answer.sse"));

		assertThat(events(request(List.of(new UserMessage("6*7?"))))).last().isEqualTo(new Finish(Finish.STOP));
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void anOverloadedErrorIsReportedWhenRetriesRunOut() {
		this.server.reply(Reply.stream("anthropic/overloaded.sse"), Reply.stream("anthropic/overloaded.sse"),
				Reply.stream("anthropic/overloaded.sse"));

		StepVerifier.create(this.client.stream(request(List.of(new UserMessage("6*7?")))))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage("anthropic sent overloaded_error: Overloaded"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void imagesGoAsImageBlocksBeforeTheTextWithBase64OrUrlSources() {
		this.server.reply(Reply.stream("anthropic/answer.sse"));
		byte[] gif = { 'G', 'I', 'F', '8', '9', 'a' };
		Image earlier = Image.of("image/png", new byte[7], "ab12", 2, 3).reference();
		List<Message> conversation = List.of(new UserMessage("", List.of(earlier)),
				new AssistantMessage("A PNG.", List.of()),
				new UserMessage("And these?", List.of(Image.of("image/gif", gif, "cd34", 1, 1),
						Image.at("image/jpeg", "https://images.example/dog.jpg"))));

		events(request(conversation));

		JsonNode messages = this.server.requests().get(0).body().get("messages");
		assertThat(messages.get(0).toString()).isEqualTo("{\"role\":\"user\",\"content\":[{\"type\":\"text\","
				+ "\"text\":\"[an image the user sent earlier (image/png, 2x3, 7 bytes); it is no longer available]\"}]}");
		assertThat(messages.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/gif\",\"data\":\"R0lGODlh\"}},"
				+ "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://images.example/dog.jpg\"}},"
				+ "{\"type\":\"text\",\"text\":\"And these?\"}]}");
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

	private static ModelRequest request(List<Message> messages) {
		ToolDefinition calculator = new ToolDefinition("calculator", "Evaluates arithmetic.",
				JSON.readTree("{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}}}"));
		return new ModelRequest("claude-sonnet-4-5", messages, List.of(calculator), Map.of());
	}

}
