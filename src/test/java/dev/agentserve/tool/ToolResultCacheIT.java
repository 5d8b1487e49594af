package dev.agentserve.tool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.agentserve.model.ToolCall;
import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calculator} has a {@code cache-ttl} by default: the same arguments hit Redis.
 */
class ToolResultCacheIT extends IntegrationTest {

	@Autowired
	ToolExecutor executor;

	@Autowired
	ToolProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theSecondIdenticalCallIsACacheHit() {
		long a = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
		String expression = a + " * 3";
		long hitsBefore = hits();
		assertThat(this.properties.cacheEnabled()).isTrue();
		assertThat(this.properties.overrides().get("calculator")).isNotNull()
			.satisfies((calculator) -> assertThat(calculator.cacheTtl()).hasHours(1));

		ToolOutcome first = calculate("{\"expression\": \"" + expression + "\"}");
		ToolOutcome second = calculate("{ \"expression\" : \"" + expression + "\" }");

		assertThat(first.cached()).isFalse();
		assertThat(second.cached()).isTrue();
		assertThat(second.result().toString()).isEqualTo(first.result().toString());
		assertThat(hits()).isEqualTo(hitsBefore + 1);
		assertThat(this.redis.keys("*tool-cache:calculator:*").collectList().block(Duration.ofSeconds(5))).isNotEmpty();
	}

	@Test
	void toolsWithoutACacheTtlAreNotCached() {
		ToolOutcome first = call("slow", "{\"ms\": 1}");
		ToolOutcome second = call("slow", "{\"ms\": 1}");

		assertThat(first.cached()).isFalse();
		assertThat(second.cached()).isFalse();
	}

	private ToolOutcome calculate(String arguments) {
		return call("calculator", arguments);
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
