package dev.agentserve.limit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.WebSocketProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event loops that run late (here: blocked on purpose, as blocking code or a saturated
 * CPU would) make the replica refuse new work with 429, while reads and health still
 * answer; once the loops catch up, new work is taken again.
 */
// Properties no other test shares: close the context after the class, not at the end
// of the run.
@DirtiesContext
@TestPropertySource(properties = { "agentserve.limits.admission.max-event-loop-lag=100ms",
		"agentserve.limits.admission.lag-probe-interval=20ms", "agentserve.limits.admission.min-limit=1",
		"agentserve.agents.scripted.turn-timeout=60s" })
class EventLoopLagIT extends IntegrationTest {

	private static final long BLOCK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	@Autowired
	private EventLoopLag lag;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ScriptedModel scripted;

	@Test
	void lateEventLoopsRefuseNewWorkButServeReadsAndHealth() {
		String sessionId = Sessions.createId(this.http);
		// Work in progress (at least min-limit), so lag is a reason to refuse more.
		this.scripted.play(Flux.<ModelEvent>never());
		String busy = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
		Sessions.startTurn(this.http, busy, "wait");
		AtomicBoolean blocking = new AtomicBoolean(true);
		List<EventExecutor> loops = this.lag.loops();
		assertThat(loops).isNotEmpty();
		loops.forEach((loop) -> loop.execute(new Blocker(loop, blocking)));
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Sessions.tryCreate(this.http).getStatus().value()).isEqualTo(429));
			EntityExchangeResult<JsonNode> refused = Sessions.tryCreate(this.http);
			assertThat(refused.getStatus().value()).isEqualTo(429);
			assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
			assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(refused.getResponseBody().get("code").asString()).isEqualTo("overloaded");
			assertThat(refused.getResponseBody().get("reason").asString()).isEqualTo("event_loop_lag");
			this.http.post()
				.uri("/sessions/{id}/chat", sessionId)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("message", "hi"))
				.exchange()
				.expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER);
			WebSocketProbe.Result frame = WebSocketProbe.open(
					URI.create(baseUrl().replace("http", "ws") + "/ws/" + sessionId), new HttpHeaders(),
					"{\"type\":\"chat\",\"message\":\"hi\"}");
			assertThat(frame.status()).isEqualTo(101);
			assertThat(frame.firstFrame()).contains("\"type\":\"error\"").contains("\"code\":\"overloaded\"");
			this.http.get().uri("/sessions/{id}", sessionId).exchange().expectStatus().isOk();
			this.http.get().uri("/health").exchange().expectStatus().isOk();
			this.http.get()
				.uri("/health/detailed")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.checks.admission.limit")
				.isNumber()
				.jsonPath("$.checks.admission.rejected.event_loop_lag")
				.value((Integer count) -> assertThat(count).isPositive());
			assertThat(
					this.meters.get("agentserve.admission.rejected").tag("reason", "event_loop_lag").counter().count())
				.isPositive();
		}
		finally {
			blocking.set(false);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Sessions.tryCreate(this.http).getStatus().value()).isEqualTo(201));
		this.http.post().uri("/sessions/{id}/cancel", busy).exchange().expectStatus().is2xxSuccessful();
	}

	/**
	 * Blocks its loop again and again, scheduled a millisecond apart so the loop still
	 * serves I/O in between (late, like a saturated loop).
	 */
	private record Blocker(EventExecutor loop, AtomicBoolean blocking) implements Runnable {

		@Override
		public void run() {
			if (!this.blocking.get()) {
				return;
			}
			LockSupport.parkNanos(BLOCK_NANOS);
			this.loop.schedule(this, 1, TimeUnit.MILLISECONDS);
		}

	}

}
