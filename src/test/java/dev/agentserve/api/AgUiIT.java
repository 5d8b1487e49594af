package dev.agentserve.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentserve.model.ModelException;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.support.Npm;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /ag-ui/{agentType}} driven by the official AG-UI client ({@code HttpAgent}
 * of {@code @ag-ui/client} from npm, run by {@code src/test/agui/agui-run.mjs}). Every
 * run must pass the client's protocol checks: no event it strips or warns about, every
 * event valid by {@code @ag-ui/core}'s {@code EventSchema}. Needs Node: skipped locally
 * without it, a failure when {@code CI} (or {@code AGENTSERVE_REQUIRE_BROWSER=1}) is set.
 */
class AgUiIT extends IntegrationTest {

	private static final Path AGUI_TESTS = Path.of("src", "test", "agui");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aDemoRunStreamsReasoningTheCalculatorCallAndTheAnswer() throws Exception {
		JsonNode run = single(agUi("assistant", "calculator"));

		List<String> types = types(run);
		assertThat(types.get(0)).isEqualTo("RUN_STARTED");
		assertThat(types.get(types.size() - 1)).isEqualTo("RUN_FINISHED");
		assertThat(types).contains("STEP_STARTED", "STEP_FINISHED", "REASONING_START", "REASONING_MESSAGE_CONTENT",
				"REASONING_END", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT",
				"TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END");
		JsonNode call = first(run, "TOOL_CALL_START");
		assertThat(call.get("toolCallName").asString()).isEqualTo("calculator");
		assertThat(first(run, "TOOL_CALL_RESULT").get("content").asString()).contains("84");
		assertThat(text(run)).contains("84");
		assertThat(last(run).get("outcome").get("type").asString()).isEqualTo("success");
	}

	@Test
	void aClientToolEndsTheRunAndItsResultContinuesTheTurnInTheNextRun() throws Exception {
		this.scripted.play(ScriptedModel.call("pick_color", "{\"options\":[\"red\",\"blue\"]}"),
				ScriptedModel.answer("You picked blue."));
		JsonNode report = agUi("scripted", "client-tool");
		JsonNode first = report.get("runs").get(0);
		JsonNode second = report.get("runs").get(1);

		String callId = first(first, "TOOL_CALL_START").get("toolCallId").asString();
		assertThat(first(first, "TOOL_CALL_START").get("toolCallName").asString()).isEqualTo("pick_color");
		assertThat(types(first)).doesNotContain("TOOL_CALL_RESULT", "RUN_ERROR");
		assertThat(last(first).get("outcome").get("pendingToolCallIds").get(0).asString()).isEqualTo(callId);

		assertThat(types(second).get(0)).isEqualTo("RUN_STARTED");
		assertThat(text(second)).isEqualTo("You picked blue.");
		assertThat(last(second).get("type").asString()).isEqualTo("RUN_FINISHED");
		assertThat(this.scripted.requests().get(0).tools()).extracting((tool) -> tool.name())
			.contains("calculator", "pick_color");
		assertThat(this.scripted.requests().get(1).messages()).last()
			.isEqualTo(new ToolMessage(callId, "pick_color", "{\"color\":\"blue\"}", false));
	}

	@Test
	void anApprovalIsAnInterruptThatTheNextRunResumes() throws Exception {
		this.scripted.play(ScriptedModel.call("guarded", "{}"), ScriptedModel.answer("The guarded tool ran."));
		JsonNode report = agUi("scripted", "interrupt");
		JsonNode first = report.get("runs").get(0);
		JsonNode second = report.get("runs").get(1);

		String callId = first(first, "TOOL_CALL_START").get("toolCallId").asString();
		JsonNode outcome = last(first).get("outcome");
		assertThat(outcome.get("type").asString()).isEqualTo("interrupt");
		assertThat(outcome.get("interrupts").get(0).get("toolCallId").asString()).isEqualTo(callId);
		assertThat(outcome.get("interrupts").get(0).get("reason").asString()).isEqualTo("tool_approval");

		assertThat(types(second)).doesNotContain("TOOL_CALL_START");
		assertThat(first(second, "TOOL_CALL_RESULT").get("toolCallId").asString()).isEqualTo(callId);
		assertThat(first(second, "TOOL_CALL_RESULT").get("content").asString()).doesNotStartWith("Error");
		assertThat(text(second)).isEqualTo("The guarded tool ran.");
		assertThat(last(second).get("outcome").get("type").asString()).isEqualTo("success");
	}

	@Test
	void aFailedTurnIsARunError() throws Exception {
		this.scripted.play(Flux.error(new ModelException("the provider is down")));
		JsonNode run = single(agUi("scripted", "error"));

		assertThat(types(run).get(0)).isEqualTo("RUN_STARTED");
		assertThat(last(run).get("type").asString()).isEqualTo("RUN_ERROR");
		assertThat(last(run).get("code").asString()).isEqualTo("model_error");
		assertThat(last(run).get("message").asString()).contains("the provider is down");
	}

	@Test
	void anImagePartReachesTheModel() throws Exception {
		JsonNode run = single(agUi("assistant", "image", TestImages.base64(TestImages.of("png", 2, 3))));

		assertThat(text(run)).isEqualTo("The image is image/png 2x3.");
	}

	@Test
	void partsOtherThanImagesGet415AndAMissingThreadId400() {
		Map<String, Object> audio = Map.of("type", "audio", "source",
				Map.of("type", "data", "value", "AAAA", "mimeType", "audio/wav"));
		this.http.post()
			.uri("/ag-ui/assistant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("threadId", "t-415", "runId", "r1", "messages",
					List.of(Map.of("id", "m1", "role", "user", "content", List.of(audio)))))
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("attachments[0] has type 'audio'"));
		this.http.post()
			.uri("/ag-ui/assistant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("runId", "r1", "messages", List.of()))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	/** The one run of a report, which passed the client's checks. */
	private static JsonNode single(JsonNode report) {
		assertThat(report.get("runs")).hasSize(1);
		return report.get("runs").get(0);
	}

	private static List<String> types(JsonNode run) {
		List<String> types = new ArrayList<>();
		run.get("events").forEach((event) -> types.add(event.get("type").asString()));
		return types;
	}

	private static JsonNode first(JsonNode run, String type) {
		for (JsonNode event : run.get("events")) {
			if (event.get("type").asString().equals(type)) {
				return event;
			}
		}
		throw new AssertionError("no " + type + " in " + types(run));
	}

	private static JsonNode last(JsonNode run) {
		return run.get("events").get(run.get("events").size() - 1);
	}

	private static String text(JsonNode run) {
		StringBuilder text = new StringBuilder();
		run.get("events").forEach((event) -> {
			if (event.get("type").asString().equals("TEXT_MESSAGE_CONTENT")) {
				text.append(event.get("delta").asString());
			}
		});
		return text.toString();
	}

	private JsonNode agUi(String agentType, String scenario, String... extra) throws Exception {
		Path node = requireNode();
		Path errors = Files.createTempFile("agui-run", ".log");
		List<String> command = new ArrayList<>(
				List.of(node.toString(), "agui-run.mjs", baseUrl(), agentType, scenario));
		command.addAll(List.of(extra));
		Process process = new ProcessBuilder(command).directory(AGUI_TESTS.toFile())
			.redirectError(errors.toFile())
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		String log = Files.readString(errors);
		assertThat(process.exitValue()).as(() -> "node failed: " + log).isZero();
		Files.deleteIfExists(errors);
		JsonNode report = JSON.readTree(output);
		for (JsonNode run : report.get("runs")) {
			assertThat(run.get("failure").isNull()).as(() -> "the client failed: " + run.get("failure")).isTrue();
		}
		assertThat(report.get("warnings")).as("the client's protocol warnings").isEmpty();
		assertThat(report.get("invalid")).as("events @ag-ui/core's EventSchema refuses").isEmpty();
		return report;
	}

	/**
	 * Node with {@code @ag-ui/client} installed (by {@code npm ci} when missing). Skips
	 * when Node or npm is missing, unless {@code CI} or
	 * {@code AGENTSERVE_REQUIRE_BROWSER=1} is set: then it fails, saying what to install.
	 */
	private static Path requireNode() throws IOException, InterruptedException {
		boolean required = System.getenv("CI") != null || "1".equals(System.getenv("AGENTSERVE_REQUIRE_BROWSER"));
		Path node = Npm.onPath("node");
		Path npm = Npm.onPath("npm");
		String missing = (node == null || npm == null) ? "node and npm (Debian: apt-get install nodejs npm)" : null;
		if (missing == null && !Files.isDirectory(AGUI_TESTS.resolve("node_modules/@ag-ui/client"))) {
			if (!Npm.ci(npm, AGUI_TESTS)) {
				missing = "@ag-ui/client (npm ci in src/test/agui failed)";
			}
		}
		if (missing != null) {
			assertThat(required).as("CI is set but " + missing + " is missing, which the AG-UI test needs").isFalse();
			Assumptions.abort("No " + missing + ": the AG-UI client test needs it");
		}
		return node;
	}

}
