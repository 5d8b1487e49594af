package dev.agentserve.tool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.agentserve.model.ToolCall;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-tool circuit breaker opens on repeated failures and closes after a good trial.
 */
class ToolBreakerTests {

	private final AtomicBoolean broken = new AtomicBoolean(true);

	private final Tool tool = new Tool() {

		@Override
		public String name() {
			return "upstream";
		}

		@Override
		public String description() {
			return "Fails while broken.";
		}

		@Override
		public JsonNode parameters() {
			return TestTools.anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			return ToolBreakerTests.this.broken.get() ? Mono.error(new ToolException("upstream is down"))
					: Mono.just(new ToolOutput(JsonNodeFactory.instance.stringNode("fine")));
		}

	};

	private final ToolExecutor executor = LocalTools.executor(LocalTools.registry(this.tool),
			new ToolProperties(Duration.ofSeconds(5), 1, Duration.ofMillis(10), 4, Map.of(), Duration.ofMinutes(1),
					new ToolProperties.Breaker(50, 3, 4, Duration.ofMillis(300)), true));

	@Test
	void theBreakerOpensOnRepeatedFailuresAndClosesAfterAGoodTrial() {
		for (int i = 0; i < 3; i++) {
			assertThat(call().outcome()).isEqualTo(ToolOutcome.ERROR);
		}
		ToolOutcome refused = call();
		assertThat(refused.outcome()).isEqualTo(ToolOutcome.UNAVAILABLE);
		assertThat(refused.attempts()).isZero();
		assertThat(refused.error()).contains("circuit breaker open");
		assertThat(view().breaker()).isEqualTo("open");
		assertThat(view().status()).isEqualTo(ToolStatus.UNAVAILABLE);

		this.broken.set(false);
		await().atMost(Duration.ofSeconds(5)).until(() -> view().breaker().equals("half_open"));
		assertThat(call().outcome()).isEqualTo(ToolOutcome.OK);

		assertThat(view().breaker()).isEqualTo("closed");
		assertThat(view().status()).isEqualTo(ToolStatus.AVAILABLE);
	}

	private ToolOutcome call() {
		return this.executor
			.execute(new ToolCall("c", "upstream", JsonNodeFactory.instance.objectNode()), List.of("upstream"),
					new ToolContext("u", "s", "t"))
			.block(Duration.ofSeconds(5));
	}

	private ToolStatsView view() {
		return this.executor.stats().get(0);
	}

}
