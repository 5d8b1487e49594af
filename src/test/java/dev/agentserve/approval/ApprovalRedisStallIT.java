package dev.agentserve.approval;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.config.EmbeddedRedis;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.agentserve.model.ScriptedModel.answer;
import static dev.agentserve.model.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn waiting for approval survives its Redis server stalling for a few seconds: a
 * server of its own, paused with {@code CLIENT PAUSE} while the call waits.
 */
class ApprovalRedisStallIT {

	private static EmbeddedRedis redis;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		redis = EmbeddedRedis.start();
		app = Replicas.startOn(redisUrl(), "stall:", "stall", "--agentserve.agents.scripted.tools=guarded",
				"--agentserve.agents.scripted.turn-timeout=20s", "--agentserve.turns.lease=30s",
				"--agentserve.tools.overrides.guarded.requires-approval=true",
				"--agentserve.tools.approval-timeout=30s");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (redis != null) {
			redis.stop();
		}
	}

	@Test
	void anApprovalWaitSurvivesARedisStall() {
		app.getBean(ScriptedModel.class).play(call("guarded", "{\"x\":1}"), answer("finished"));
		String url = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
		WebTestClient http = WebTestClient.bindToServer().baseUrl(url).responseTimeout(Duration.ofSeconds(20)).build();
		String sessionId = Sessions.create(http, Map.of("agentType", "scripted")).get("sessionId").asString();
		try (SseClient sse = SseClient.post(url + "/sessions/" + sessionId + "/chat", "{\"message\":\"do it\"}")) {
			Frame request = sse.next();
			while (!request.type().equals("approval_required")) {
				request = sse.next();
			}
			stallRedis(Duration.ofSeconds(3));

			http.post()
				.uri("/sessions/{id}/turns/{turnId}/approvals", sessionId, request.json().get("turnId").asString())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("callId", request.json().get("callId").asString(), "decision", "approve"))
				.exchange()
				.expectStatus()
				.isOk();

			// The stream may have ended with a retry hint while Redis was silent: resume.
			List<Frame> rest;
			try (SseClient resumed = SseClient.get(
					url + "/sessions/" + sessionId + "/turns/" + request.json().get("turnId").asString() + "/events",
					Map.of("Last-Event-ID", Long.toString(request.seq())))) {
				rest = resumed.rest();
			}
			assertThat(rest).extracting(Frame::type).containsExactly("tool_result", "response", "done");
			assertThat(rest.get(0).json().get("result").toString()).isEqualTo("{\"x\":1}");
		}
	}

	/** Every client of the server waits (reads too) until the pause ends. */
	private static void stallRedis(Duration duration) {
		RedisClient client = RedisClient.create(redisUrl());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().clientPause(duration.toMillis())).isEqualTo("OK");
		}
		finally {
			client.shutdownAsync();
		}
	}

	private static String redisUrl() {
		return "redis://" + redis.host() + ":" + redis.port();
	}

}
