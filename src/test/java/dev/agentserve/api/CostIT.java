package dev.agentserve.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prices turn usage into cost (on {@code done}, the turn info, the session and the
 * {@code agentserve.cost} counter), and spending budgets stop turns. The prices and
 * budgets are in {@code application-test.yaml}: a scripted round (10 + 5 tokens) costs
 * 0.02 for {@code scripted:priced} (USD) and {@code scripted:eur} (EUR).
 */
class CostIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aPricedDemoTurnShowsItsCostOnDoneTheTurnInfoTheSessionAndTheCounter() {
		double before = counter("demo-priced", "demo", "USD");
		String sessionId = Sessions.create(this.http, Map.of("agentType", "demo-priced")).get("sessionId").asString();

		JsonNode done = streamedDone(sessionId, "what is 6*7?");

		JsonNode usage = done.get("usage");
		BigDecimal expected = new BigDecimal("0.15").multiply(BigDecimal.valueOf(usage.get("inputTokens").asLong()))
			.add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(usage.get("outputTokens").asLong())))
			.movePointLeft(6)
			.setScale(9, RoundingMode.HALF_UP);
		assertThat(expected).isPositive();
		assertThat(done.get("cost").get("currency").asString()).isEqualTo("USD");
		assertThat(done.get("cost").get("amount").isString()).isTrue();
		assertThat(new BigDecimal(done.get("cost").get("amount").asString())).isEqualByComparingTo(expected);
		JsonNode info = this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, done.get("turnId").asString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(info.get("cost")).isEqualTo(done.get("cost"));

		JsonNode second = streamedDone(sessionId, "what is 1+1?");

		BigDecimal total = new BigDecimal(done.get("cost").get("amount").asString())
			.add(new BigDecimal(second.get("cost").get("amount").asString()));
		JsonNode session = session(sessionId);
		assertThat(session.get("cost").get("currency").asString()).isEqualTo("USD");
		assertThat(new BigDecimal(session.get("cost").get("amount").asString())).isEqualByComparingTo(total);
		assertThat(counter("demo-priced", "demo", "USD")).isCloseTo(before + total.doubleValue(),
				org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void aModelWithoutAPriceHasNoCost() {
		this.scripted.play(ScriptedModel.answer("hi"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "hello");

		assertThat(result.get("status").asString()).isEqualTo("done");
		assertThat(result.has("cost")).isFalse();
		assertThat(session(sessionId).has("cost")).isFalse();
	}

	@Test
	void theSessionCostBudgetStopsATurnMidRunAndRefusesTheNext() {
		// Budget 0.03: the second round brings the session to 0.04, over it.
		this.scripted.play(ScriptedModel.call("calculator", "{\"expression\":\"1+1\"}"),
				ScriptedModel.call("calculator", "{\"expression\":\"2+2\"}"), ScriptedModel.answer("never"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "priced")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "count");

		assertThat(result.get("status").asString()).isEqualTo("error");
		assertThat(result.get("error").get("code").asString()).isEqualTo("budget");
		assertThat(result.get("error").get("message").asString()).contains("cost budget of 0.03 USD");
		assertThat(result.get("toolCalls")).hasSize(1);
		JsonNode info = this.http.get()
			.uri("/sessions/{id}/turns/{turnId}", sessionId, result.get("turnId").asString())
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(info.get("cost").get("amount").asString()).isEqualTo("0.04");
		assertThat(session(sessionId).get("cost").get("amount").asString()).isEqualTo("0.04");
		this.http.post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "more", "stream", false))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("budget")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("cost budget of 0.03 USD"));
	}

	@Test
	void theUserDailyBudgetSpansSessionsStopsATurnMidRunAndRefusesNewTurnsUntilTomorrow() {
		// Budget EUR 0.05 per user and day; each scripted round costs EUR 0.02.
		String first = Sessions.create(this.http, Map.of("agentType", "priced-eur")).get("sessionId").asString();
		String second = Sessions.create(this.http, Map.of("agentType", "priced-eur")).get("sessionId").asString();
		this.scripted.play(ScriptedModel.answer("one"));
		assertThat(Sessions.chat(this.http, first, "a").get("status").asString()).isEqualTo("done");
		this.scripted.play(ScriptedModel.answer("two"));
		assertThat(Sessions.chat(this.http, second, "b").get("status").asString()).isEqualTo("done");

		this.scripted.play(ScriptedModel.call("calculator", "{\"expression\":\"1+1\"}"), ScriptedModel.answer("never"));
		JsonNode stopped = Sessions.chat(this.http, second, "c");

		assertThat(stopped.get("status").asString()).isEqualTo("error");
		assertThat(stopped.get("error").get("code").asString()).isEqualTo("budget");
		assertThat(stopped.get("error").get("message").asString()).contains("daily cost budget of 0.05 EUR");
		List<String> spendKeys = this.redis.keys(TestRedis.KEY_PREFIX + "{user:*}:spend:*").collectList().block();
		assertThat(spendKeys).hasSize(1);
		assertThat(this.redis.<String, String>opsForHash().get(spendKeys.get(0), "EUR").block()).isEqualTo("60000000");
		assertThat(this.redis.getExpire(spendKeys.get(0)).block()).isBetween(Duration.ofDays(1), Duration.ofDays(2));
		String third = Sessions.create(this.http, Map.of("agentType", "priced-eur")).get("sessionId").asString();
		this.http.post()
			.uri("/sessions/{id}/chat", third)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "d", "stream", false))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("budget")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("daily cost budget of 0.05 EUR"));
	}

	private JsonNode streamedDone(String sessionId, String message) {
		try (SseClient sse = SseClient.post(baseUrl() + "/sessions/" + sessionId + "/chat",
				"{\"message\":\"" + message + "\"}")) {
			List<SseClient.Frame> frames = sse.rest();
			SseClient.Frame last = frames.get(frames.size() - 1);
			assertThat(last.type()).as(last.data()).isEqualTo("done");
			return last.json();
		}
	}

	private JsonNode session(String sessionId) {
		return this.http.get()
			.uri("/sessions/{id}", sessionId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The {@code agentserve_cost_total} sample for the tags; 0 before the first. */
	private double counter(String agent, String model, String currency) {
		String body = this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher sample = Pattern.compile("(?m)^agentserve_cost_total\\{([^}]*)\\} (\\S+)$").matcher(body);
		while (sample.find()) {
			String tags = sample.group(1);
			if (tags.contains("agent=\"" + agent + "\"") && tags.contains("model=\"" + model + "\"")
					&& tags.contains("currency=\"" + currency + "\"")) {
				return Double.parseDouble(sample.group(2));
			}
		}
		return 0;
	}

}
