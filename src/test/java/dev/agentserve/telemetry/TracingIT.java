package dev.agentserve.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans of a turn exported over OTLP to a local receiver: turn → model rounds and tool
 * call, with the OpenTelemetry GenAI attributes, the turn a child of the request that
 * started it; the trace id in the turn info and the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIT extends IntegrationTest {

	private static final OtlpReceiver receiver = new OtlpReceiver();

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@DynamicPropertySource
	static void tracing(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::endpoint);
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
		registry.add("management.tracing.sampling.probability", () -> "1.0");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void aTurnIsTracedAsAChildOfItsRequestWithTheGenAiAttributes(CapturedOutput output) {
		String sessionId = Sessions.createId(this.http);

		JsonNode answer = this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/sessions/{id}/chat", sessionId)
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "What is 12*(3+4)?", "stream", false))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String turnId = answer.get("turnId").asString();

		List<Span> trace = await().atMost(Duration.ofSeconds(20))
			.until(() -> spansOf(TRACE_ID),
					(spans) -> spans.stream().filter((span) -> isTool(span)).count() == 1
							&& spans.stream().filter((span) -> span.getName().equals("chat demo")).count() == 2
							&& spans.stream().anyMatch((span) -> span.getName().equals("invoke_agent assistant")));
		Span turn = only(trace, "invoke_agent assistant");
		Span request = trace.stream()
			.filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
					&& span.getName().toLowerCase().contains("post"))
			.findFirst()
			.orElseThrow();
		assertThat(ancestors(trace, turn)).as("the turn runs within the chat request")
			.extracting((span) -> span.getName() + " " + hex(span.getSpanId()))
			.contains(request.getName() + " " + hex(request.getSpanId()));
		assertThat(attributes(turn)).containsEntry("gen_ai.operation.name", "invoke_agent")
			.containsEntry("gen_ai.agent.name", "assistant")
			.containsEntry("gen_ai.conversation.id", sessionId)
			.containsEntry("agentserve.turn.id", turnId)
			.containsEntry("outcome", "done");

		List<Span> rounds = trace.stream().filter((span) -> span.getName().equals("chat demo")).toList();
		assertThat(rounds).allSatisfy((round) -> {
			assertThat(hex(round.getParentSpanId())).isEqualTo(hex(turn.getSpanId()));
			assertThat(attributes(round)).containsEntry("gen_ai.operation.name", "chat")
				.containsEntry("gen_ai.request.model", "demo")
				.containsEntry("gen_ai.provider.name", "demo")
				.containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
		});
		assertThat(rounds).extracting((round) -> attributes(round).get("gen_ai.response.finish_reasons"))
			.containsExactlyInAnyOrder("tool_calls", "stop");

		Span tool = trace.stream().filter(TracingIT::isTool).findFirst().orElseThrow();
		assertThat(hex(tool.getParentSpanId())).isEqualTo(hex(turn.getSpanId()));
		JsonNode info = this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, turnId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String callId = info.get("steps").get(1).get("callId").asString();
		assertThat(attributes(tool)).containsEntry("gen_ai.operation.name", "execute_tool")
			.containsEntry("gen_ai.tool.name", "calculator")
			.containsEntry("gen_ai.tool.call.id", callId)
			.containsEntry("outcome", "ok");

		assertThat(info.get("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(output.getAll().lines().filter((line) -> line.contains("tool_call user=")))
			.as("the tool call's audit line carries the trace id")
			.anySatisfy((line) -> assertThat(line).contains(TRACE_ID).contains(callId));
	}

	/** The spans above {@code span}, nearest first. */
	private static List<Span> ancestors(List<Span> trace, Span span) {
		Map<String, Span> byId = trace.stream()
			.collect(Collectors.toMap((each) -> hex(each.getSpanId()), (each) -> each, (a, b) -> a));
		List<Span> ancestors = new ArrayList<>();
		Span parent = byId.get(hex(span.getParentSpanId()));
		while (parent != null && ancestors.size() < 10) {
			ancestors.add(parent);
			parent = byId.get(hex(parent.getParentSpanId()));
		}
		return ancestors;
	}

	private static boolean isTool(Span span) {
		return span.getName().equals("execute_tool calculator");
	}

	private static List<Span> spansOf(String traceId) {
		return receiver.spans().stream().filter((span) -> hex(span.getTraceId()).equals(traceId)).toList();
	}

	private static Span only(List<Span> spans, String name) {
		List<Span> named = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(named).hasSize(1);
		return named.get(0);
	}

	private static Map<String, String> attributes(Span span) {
		return span.getAttributesList()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (kv) -> kv.getValue().getStringValue(), (a, b) -> a));
	}

	private static String hex(ByteString bytes) {
		return HexFormat.of().formatHex(bytes.toByteArray());
	}

}
