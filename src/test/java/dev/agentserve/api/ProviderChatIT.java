package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.support.FakeProvider.Reply;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole turns through HTTP with the real provider clients pointed at a local fake
 * provider.
 */
class ProviderChatIT extends IntegrationTest {

	@BeforeEach
	void resetProvider() {
		PROVIDER.reset();
	}

	@Test
	void anOpenAiTurnRunsParallelToolCallsAndAnswers() {
		PROVIDER.reply(Reply.stream("openai/parallel-tool-calls.sse"), Reply.stream("openai/answer.sse"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "openai-agent")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "What is 6*7, and the time in Tokyo?");

		assertThat(result.get("status").asString()).isEqualTo("done");
		assertThat(result.get("response").asString()).isEqualTo("6*7 is 42; in Tokyo it is 10:00.");
		assertThat(result.get("toolCalls").get(0).get("result").get("result").asInt()).isEqualTo(42);
		assertThat(result.get("toolCalls").get(1).get("result").get("timezone").asString()).isEqualTo("Asia/Tokyo");
		assertThat(result.get("usage").get("inputTokens").asLong()).isEqualTo(82 + 140);
		assertThat(result.get("usage").get("outputTokens").asLong()).isEqualTo(41 + 12);
		JsonNode first = PROVIDER.requests().get(0).body();
		assertThat(first.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(first.get("chat_template_kwargs").get("enable_thinking").asBoolean()).isFalse();
		JsonNode second = PROVIDER.requests().get(1).body().get("messages");
		JsonNode assistant = second.get(second.size() - 3);
		assertThat(assistant.get("tool_calls").get(0).get("id").asString()).isEqualTo("call_abc");
		assertThat(assistant.get("tool_calls").get(1).get("function").get("arguments").asString())
			.isEqualTo("{\"timezone\":\"Asia/Tokyo\"}");
		assertThat(second.get(second.size() - 2).get("tool_call_id").asString()).isEqualTo("call_abc");
		assertThat(second.get(second.size() - 2).get("content").asString()).isEqualTo("{\"result\":42}");
		assertThat(second.get(second.size() - 1).get("tool_call_id").asString()).isEqualTo("call_def");
	}

	@Test
	void anAnthropicTurnStreamsThinkingAndSendsItBackBeforeToolUse() {
		PROVIDER.reply(Reply.stream("anthropic/thinking-tool-use.sse"), Reply.stream("anthropic/answer.sse"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "anthropic-agent"))
			.get("sessionId")
			.asString();

		List<Frame> frames;
		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"What is 6*7?\"}")) {
			frames = sse.rest();
		}

		assertThat(frames).extracting(Frame::type)
			.containsExactly("turn_started", "thought", "thought", "response", "tool_call", "tool_result", "response",
					"response", "done");
		assertThat(frames.get(5).json().get("result").get("result").asInt()).isEqualTo(42);
		assertThat(frames.get(8).json().get("response").asString()).isEqualTo("6*7 = 42");
		JsonNode assistant = PROVIDER.requests().get(1).body().get("messages").get(1);
		assertThat(assistant.get("content")).extracting((block) -> block.get("type").asString())
			.containsExactly("thinking", "redacted_thinking", "text", "tool_use");
		assertThat(assistant.get("content").get(0).get("signature").asString())
			.isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
		JsonNode results = PROVIDER.requests().get(1).body().get("messages").get(2);
		assertThat(results.get("content").get(0).get("type").asString()).isEqualTo("tool_result");
		assertThat(results.get("content").get(0).get("tool_use_id").asString()).isEqualTo("toolu_01T1x1");
	}

	@Test
	void aFailingProviderEndsTheTurnWithAModelErrorThatHidesTheKey() {
		String error = "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-secret-key-0123456789\"}}";
		PROVIDER.reply(Reply.status(503, error), Reply.status(503, error));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "failing-agent")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "hi");

		assertThat(result.get("status").asString()).isEqualTo("error");
		assertThat(result.get("error").get("code").asString()).isEqualTo("model_error");
		assertThat(result.get("error").get("message").asString()).startsWith("fake-failing answered 503")
			.doesNotContain("0123456789");
		assertThat(PROVIDER.requests()).hasSize(2);
	}

}
