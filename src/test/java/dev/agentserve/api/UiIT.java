package dev.agentserve.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.Browser;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.tool.TestTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser UI at {@code /} in a real Chromium, in open mode: a question with a tool
 * call, a reload in the middle of a turn, approvals, the inspector and a phone-width
 * render. The demo model streams slowly here, and the reload test's scripted turn lasts
 * 12 s, so that a cancel and a reload land mid-turn.
 * {@code AGENTSERVE_UPDATE_SCREENSHOT=1} also writes the README's screenshot
 * ({@code docs/images/ui.png}).
 */
// A real browser against a cold server on a busy machine takes longer than the default.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestPropertySource(properties = { "agentserve.models.demo.token-delay=200ms", "agentserve.tools.approval-timeout=60s",
		"agentserve.agents.ui-slow.model=scripted", "agentserve.agents.ui-slow.turn-timeout=1m" })
class UiIT extends IntegrationTest {

	private static final String QUESTION = "What is 12*(3+4)?";

	private static final int RELOAD_WORDS = 40;

	@Autowired
	private ScriptedModel scripted;

	@Autowired
	private TestTools.Guarded guarded;

	@Test
	void aQuestionShowsItsToolCallAndRenderedAnswerAndTheInspectorShowsTheTurn() throws Exception {
		String options = "1".equals(System.getenv("AGENTSERVE_UPDATE_SCREENSHOT"))
				? "{\"readmeScreenshot\":\"" + Path.of("docs/images/ui.png").toAbsolutePath() + "\"}" : "{}";
		JsonNode report = Browser.require().run("chat", baseUrl(), options);

		JsonNode turn = report.get("turn");
		assertThat(turn.get("status").asString()).isEqualTo("done");
		assertThat(turn.get("user").get(0).asString()).isEqualTo(QUESTION);
		assertThat(turn.get("tools")).hasSize(1);
		assertThat(turn.get("tools").get(0).get("tool").asString()).isEqualTo("calculator");
		assertThat(turn.get("tools").get(0).get("args").asString()).contains("\"12*(3+4)\"");
		assertThat(turn.get("tools").get(0).get("result").asString()).contains("84");
		assertThat(turn.get("thoughts").asInt()).isEqualTo(2);
		assertThat(turn.get("answer").asString()).isEqualTo("12*(3+4) = 84");
		assertThat(turn.get("answerHtml").asString()).isEqualTo("<p>12*(3+4) = 84</p>\n");
		assertThat(turn.get("usage").get(0).asString())
			.matches("Tokens: \\d+ in / \\d+ out · [0-9.]+ USD · [0-9.]+ s · 2 steps");

		List<String> steps = new ArrayList<>();
		report.get("timeline").forEach((step) -> steps.add(step.get("type").asString()));
		assertThat(steps).containsExactly("model", "tool", "model");
		assertThat(report.get("timeline").get(1).get("label").asString()).startsWith("calculator (step 1) · +");
		assertThat(report.get("inspectedEvents").asInt()).isGreaterThan(10);
		assertThat(report.get("inspectorTools").asString()).containsPattern("calculator\tavailable\t[1-9]");
		assertThat(report.get("inspectorAgents").asString()).contains("assistant\tdemo");
		assertThat(report.get("inspectorHealth").asString()).contains("\"status\": \"healthy\"");
		assertThat(report.get("inspectorHistory").asString()).contains("History (4 messages)");

		JsonNode phone = report.get("phone");
		assertThat(phone.get("scrollWidth").asInt()).as("no sideways scrolling at 390 px")
			.isLessThanOrEqualTo(phone.get("innerWidth").asInt());
		assertThat(phone.get("composerVisible").asBoolean()).isTrue();
		assertThat(phone.get("sessionsToggle").asBoolean()).isTrue();
		for (String screenshot : List.of("ui.png", "ui-inspector.png", "ui-phone.png")) {
			assertThat(Browser.ARTIFACTS.resolve("chat").resolve(screenshot)).isNotEmptyFile();
		}
	}

	@Test
	void reloadingMidTurnShowsTheSameTurnGoingOnWithNothingTwice() throws Exception {
		// Long enough (12 s) that a reload on a busy machine still lands mid-turn.
		this.scripted.play(ScriptedModel.words(RELOAD_WORDS, 300));
		JsonNode report = Browser.require().run("reload", baseUrl(), "{\"agent\":\"ui-slow\",\"message\":\"go\"}");
		String answer = IntStream.rangeClosed(1, RELOAD_WORDS)
			.mapToObj((i) -> "w" + i)
			.collect(Collectors.joining(" "));

		String turnId = report.get("before").get("turnId").asString();
		assertThat(report.get("before").get("status").asString()).isEqualTo("running");
		assertThat(report.get("runningAfterReload").asBoolean()).as("still running after the reload").isTrue();
		JsonNode after = report.get("after");
		assertThat(after.get("turnId").asString()).isEqualTo(turnId);
		assertThat(after.get("status").asString()).isEqualTo("done");
		assertThat(after.get("answer").asString().strip()).as("every word once, in order").isEqualTo(answer);
		assertThat(report.get("turnsShown").asInt()).isOne();
		assertThat(report.get("userBubbles").asInt()).isOne();
		List<String> requests = new ArrayList<>();
		report.get("requestsAfterReload").forEach((request) -> requests.add(request.asString()));
		assertThat(requests).as("no new turn")
			.noneMatch((request) -> request.startsWith("POST ") && request.endsWith("/chat"));
		String sessionId = sessionOf(turnId);
		assertThat(requests).contains("GET /sessions/" + sessionId + "/turns/" + turnId + "/events");
		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages[?(@.role == 'user')].content")
			.isEqualTo(List.of("go"));
	}

	@Test
	void aGatedToolCallRunsOnceApprovedInTheBrowser() throws Exception {
		this.guarded.calls.set(0);
		this.scripted.play(ScriptedModel.call("guarded", "{\"x\":1}"), ScriptedModel.answer("finished"));
		JsonNode report = Browser.require().run("approve", baseUrl(), "{\"agent\":\"scripted\"}");

		assertThat(report.get("approvalShown").asBoolean()).isTrue();
		JsonNode turn = report.get("turn");
		assertThat(turn.get("status").asString()).isEqualTo("done");
		assertThat(turn.get("tools").get(0).get("tool").asString()).isEqualTo("guarded");
		assertThat(turn.get("tools").get(0).get("result").asString()).contains("\"x\": 1");
		assertThat(turn.get("answer").asString()).isEqualTo("finished");
		assertThat(report.get("approvalLeft").asInt()).isZero();
		assertThat(this.guarded.calls).hasValue(1);
	}

	@Test
	void aGatedToolCallRunsWithTheArgumentsEditedInTheBrowser() throws Exception {
		this.guarded.calls.set(0);
		this.scripted.play(ScriptedModel.call("guarded", "{\"x\":1}"), ScriptedModel.answer("finished"));
		JsonNode report = Browser.require().run("edit", baseUrl(), "{\"agent\":\"scripted\",\"args\":{\"x\":2}}");

		JsonNode tool = report.get("turn").get("tools").get(0);
		assertThat(tool.get("args").asString()).contains("\"x\": 2");
		assertThat(tool.get("result").asString()).contains("\"x\": 2");
		assertThat(report.get("turn").get("answer").asString()).isEqualTo("finished");
		assertThat(this.guarded.calls).hasValue(1);
	}

	@Test
	void theCancelButtonStopsTheRunningTurn() throws Exception {
		JsonNode report = Browser.require().run("cancel", baseUrl(), "{}");

		assertThat(report.get("cancelEnabled").asBoolean()).isTrue();
		assertThat(report.get("status").asString()).isEqualTo("cancelled");
		assertThat(report.get("note").asString()).startsWith("Cancelled");
		assertThat(report.get("cancelEnabledAfter").asBoolean()).isFalse();
		assertThat(report.get("sendEnabledAfter").asBoolean()).isTrue();
	}

	@Test
	void subAgentRunsNestUnderTheirDelegationAndAnswersAreSanitised() throws Exception {
		JsonNode view = Browser.require().run("nesting", baseUrl(), "{}").get("view");

		assertThat(view.get("applied")).allSatisfy((applied) -> assertThat(applied.asBoolean()).isTrue());
		assertThat(view.get("again").asBoolean()).as("an event seen before is not shown again").isFalse();
		assertThat(view.get("nested").asBoolean()).isTrue();
		assertThat(view.get("subThought").asString()).isEqualTo("I will calculate.");
		assertThat(view.get("subTool").asString()).contains("84");
		assertThat(view.get("subAnswer").asString().strip()).isEqualTo("84");
		assertThat(view.get("resultAfterSub").asBoolean()).as("the delegation's result follows the sub-agent's run")
			.isTrue();
		assertThat(view.get("rootCalls").asInt()).isOne();
		assertThat(view.get("rootAnswerHtml").asString()).contains("<strong>84</strong>")
			.doesNotContain("onload")
			.doesNotContain("javascript:");
		assertThat(view.get("pwned").isNull()).as("no script from the answer ran").isTrue();
		assertThat(view.get("status").asString()).isEqualTo("done");
	}

	private String sessionOf(String turnId) throws Exception {
		JsonNode sessions = this.http.get()
			.uri("/sessions")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("sessions");
		for (JsonNode session : sessions) {
			String id = session.get("sessionId").asString();
			int status = this.http.get()
				.uri("/sessions/{id}/turns/{turnId}", id, turnId)
				.exchange()
				.returnResult()
				.getStatus()
				.value();
			if (status == 200) {
				return id;
			}
		}
		throw new AssertionError("no session has turn " + turnId);
	}

}
