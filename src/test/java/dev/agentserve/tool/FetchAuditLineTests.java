package dev.agentserve.tool;

import dev.agentserve.telemetry.TurnTelemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.agentserve.model.ToolCall;
import dev.agentserve.tool.fetch.FetchFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit line of an {@code http_fetch} call keeps scheme, host, port and path, never
 * query values or user info.
 */
class FetchAuditLineTests {

	private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

	private final Logger auditLogger = (Logger) LoggerFactory.getLogger("dev.agentserve.audit.tool");

	@BeforeEach
	void capture() {
		this.audit.start();
		this.auditLogger.addAppender(this.audit);
	}

	@AfterEach
	void release() {
		this.auditLogger.detachAppender(this.audit);
	}

	@Test
	void theAuditLineShowsNoTokensOfTheUrl() {
		ToolExecutor executor = new ToolExecutor(
				new ToolRegistry(List.of(FetchFixtures.tool(List.of(), new FetchFixtures.RecordingDialer(0)))),
				new ToolProperties(Duration.ofSeconds(5), 1, Duration.ofMillis(10), 2, Map.of(), Duration.ofMinutes(1)),
				new StaticListableBeanFactory().getBeanProvider(ToolCallLimiter.class), TurnTelemetry.inMemory());
		JsonMapper json = JsonMapper.builder().build();
		List<ToolCall> calls = List.of(
				new ToolCall("c1", "http_fetch",
						json.createObjectNode()
							.put("url", "http://8.8.8.8:8080/search?q=cats&access_token=tok-91c2e7f")),
				new ToolCall("c2", "http_fetch",
						json.createObjectNode().put("url", "http://alice:hunter2-pw@public.example/private")));

		executor.execute(calls, List.of("http_fetch"), new ToolContext("u", "s", "t"))
			.collectList()
			.block(Duration.ofSeconds(20));

		List<String> lines = this.audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines).hasSize(2)
			.anySatisfy((line) -> assertThat(line)
				.contains("http://8.8.8.8:8080/search?q=<redacted>&access_token=<redacted>"))
			.anySatisfy((line) -> assertThat(line).contains("http://public.example/private"))
			.allSatisfy((line) -> assertThat(line).contains("tool=\"http_fetch\"")
				.contains("outcome=error")
				.doesNotContain("tok-91c2e7f")
				.doesNotContain("cats")
				.doesNotContain("hunter2-pw")
				.doesNotContain("alice"));
	}

}
