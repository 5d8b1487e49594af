package dev.agentserve.tool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.agentserve.model.ToolCall;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.RedisPause;
import dev.agentserve.telemetry.TurnTelemetry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tool with a {@code cache-ttl} ({@code calculator} here, as in the default
 * configuration; the test profile switches caching off for the other tests): the same
 * arguments hit the Redis cache.
 */
class ToolResultCacheIT extends IntegrationTest {

	@Autowired
	ToolRegistry registry;

	@Autowired
	ToolResultCache cache;

	private final JsonMapper json = JsonMapper.builder().build();

	private ToolExecutor executor;

	@BeforeEach
	void executor() {
		ToolProperties properties = new ToolProperties(Duration.ofSeconds(5), 1, Duration.ofMillis(10), 4,
				Map.of("calculator", new ToolProperties.Override(null, null, null, Duration.ofHours(1))),
				Duration.ofMinutes(1), new ToolProperties.Breaker(50, 5, 10, Duration.ofSeconds(30)), true);
		this.executor = new ToolExecutor(this.registry, properties,
				new StaticListableBeanFactory().getBeanProvider(ToolCallLimiter.class), TurnTelemetry.inMemory(),
				this.cache);
	}

	@Test
	void theSecondIdenticalCallIsACacheHit() {
		long a = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
		String expression = a + " * 3";

		ToolOutcome first = call("calculator", "{\"expression\": \"" + expression + "\"}");
		ToolOutcome second = call("calculator", "{ \"expression\" : \"" + expression + "\" }");

		assertThat(first.cached()).isFalse();
		assertThat(second.cached()).isTrue();
		assertThat(second.attempts()).isZero();
		assertThat(second.result().toString()).isEqualTo(first.result().toString());
		assertThat(hits()).isEqualTo(1);
		assertThat(this.redis.keys("*tool-cache:calculator:*").collectList().block(Duration.ofSeconds(5))).isNotEmpty();
	}

	/**
	 * Redis holds the cache write back (writes paused, reads still answered): the result
	 * is not held back with it, and the write lands once Redis takes writes again.
	 */
	@Test
	void aSlowCacheWriteDoesNotHoldUpTheResult() {
		String expression = ThreadLocalRandom.current().nextLong(1, 1_000_000_000) + " * 7";
		ToolOutcome first;
		try (RedisPause paused = RedisPause.writes(Duration.ofSeconds(5))) {
			first = this.executor
				.execute(
						new ToolCall("c", "calculator", this.json.readTree("{\"expression\": \"" + expression + "\"}")),
						List.of("calculator"), new ToolContext("u", "s", "t"))
				.block(Duration.ofSeconds(3));
		}
		assertThat(first).isNotNull();
		assertThat(first.cached()).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(call("calculator", "{\"expression\": \"" + expression + "\"}").cached()).isTrue());
	}

	@Test
	void toolsWithoutACacheTtlAreNotCached() {
		ToolOutcome first = call("slow", "{\"ms\": 1}");
		ToolOutcome second = call("slow", "{\"ms\": 1}");

		assertThat(first.cached()).isFalse();
		assertThat(second.cached()).isFalse();
	}

	private ToolOutcome call(String tool, String arguments) {
		JsonNode args = this.json.readTree(arguments);
		return this.executor.execute(new ToolCall("c", tool, args), List.of(tool), new ToolContext("u", "s", "t"))
			.block(Duration.ofSeconds(10));
	}

	private long hits() {
		return this.executor.stats()
			.stream()
			.filter((view) -> view.name().equals("calculator"))
			.findFirst()
			.orElseThrow()
			.cacheHits();
	}

}
