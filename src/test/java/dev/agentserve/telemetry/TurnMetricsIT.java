package dev.agentserve.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.model.ModelException;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The turn's meters in {@code /actuator/prometheus}, and the Grafana dashboard queries
 * only meters that exist.
 */
class TurnMetricsIT extends IntegrationTest {

	private static final Pattern METRIC = Pattern.compile("agentserve_[a-z_]+");

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aTurnIsCountedByAgentAndOutcomeWithItsTokensAndToolCalls() {
		runDemoTurnOverSse();

		String metrics = prometheus();
		assertThat(metrics)
			.containsPattern("agentserve_turn_seconds_count\\{[^}]*agent=\"assistant\"[^}]*outcome=\"done\"")
			.containsPattern("agentserve_turn_active_seconds_count\\{agent=\"assistant\"} 0")
			.containsPattern("agentserve_turn_first_event_seconds_bucket\\{agent=\"assistant\"")
			.containsPattern(
					"agentserve_model_tokens_total\\{agent=\"assistant\",model=\"demo\",provider=\"demo\",type=\"output\"} [1-9]")
			.containsPattern("agentserve_model_round_seconds_count\\{[^}]*finish_reason=\"tool_calls\"")
			.containsPattern("agentserve_model_first_token_seconds_bucket\\{agent=\"assistant\"")
			.containsPattern("agentserve_tool_call_seconds_count\\{[^}]*outcome=\"ok\",tool=\"calculator\"")
			.contains("agentserve_streams_active{transport=\"sse\"}")
			.contains("agentserve_streams_active{transport=\"websocket\"}")
			// Each batch of events Redis acknowledged is counted with its size.
			.containsPattern("agentserve_turn_flush_batch_events_count [1-9]")
			.containsPattern("agentserve_turn_flush_batch_events_max [1-9]");
	}

	@Test
	void aFailedModelRoundIsAModelError() {
		this.scripted.play(Flux.error(new ModelException("the provider is down")));
		String sessionId = scriptedSession();

		assertThat(Sessions.chat(this.http, sessionId, "hello").get("status").asString()).isEqualTo("error");

		assertThat(prometheus())
			.containsPattern(
					"agentserve_model_errors_total\\{agent=\"scripted\",error=\"ModelException\",model=\"scripted\""
							+ ",provider=\"scripted\"} [1-9]")
			.containsPattern("agentserve_turn_seconds_count\\{[^}]*agent=\"scripted\"[^}]*outcome=\"model_error\"");
	}

	@Test
	void toolNamesTheModelMadeUpAreNoTags() {
		this.scripted.play(ScriptedModel.call("made_up_tool_1234", "{}"), ScriptedModel.answer("ok"));

		Sessions.chat(this.http, scriptedSession(), "hello");

		assertThat(prometheus()).doesNotContain("made_up_tool_1234")
			.containsPattern("agentserve_tool_call_seconds_count\\{[^}]*outcome=\"unknown_tool\",tool=\"unknown\"");
	}

	@Test
	void redisCommandsAreNotObserved() {
		runDemoTurnOverSse();

		assertThat(prometheus()).doesNotContainIgnoringCase("lettuce").doesNotContain("redis_command");
	}

	@Test
	void everyMetricTheDashboardQueriesExists() throws IOException {
		runDemoTurnOverSse();
		this.scripted.play(Flux.error(new ModelException("the provider is down")));
		Sessions.chat(this.http, scriptedSession(), "hello");
		String metrics = prometheus();

		Set<String> queried = dashboardMetrics();

		assertThat(queried).as("the dashboard queries turns, streams, tokens, tools, errors and flushes")
			.contains("agentserve_turn_seconds_count", "agentserve_streams_active", "agentserve_model_tokens_total",
					"agentserve_tool_call_seconds_count", "agentserve_model_errors_total",
					"agentserve_turn_first_event_seconds_bucket", "agentserve_turn_flush_batch_events_count");
		assertThat(queried).allSatisfy((name) -> assertThat(metrics).as("%s in /actuator/prometheus", name)
			.containsPattern("(?m)^" + name + "[{ ]"));
	}

	private static Set<String> dashboardMetrics() throws IOException {
		JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(Path.of("ops/grafana/agentserve.json")));
		Set<String> names = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				Matcher matcher = METRIC.matcher(target.get("expr").asString());
				while (matcher.find()) {
					names.add(matcher.group());
				}
			}
		}
		return names;
	}

	private void runDemoTurnOverSse() {
		String sessionId = Sessions.createId(this.http);
		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"What is 12*(3+4)?\"}")) {
			assertThat(sse.status()).isEqualTo(200);
			assertThat(sse.rest()).last().satisfies((frame) -> assertThat(frame.type()).isEqualTo("done"));
		}
	}

	private String scriptedSession() {
		return Sessions.create(this.http, java.util.Map.of("agentType", "scripted")).get("sessionId").asString();
	}

	private String prometheus() {
		return this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
