package dev.agentserve.tool;

import dev.agentserve.telemetry.TurnTelemetry;

import java.util.List;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The tool registry and executor built by hand, for tests without a Spring context. */
public final class LocalTools {

	private LocalTools() {
	}

	public static ToolRegistry registry(Tool... tools) {
		return new ToolRegistry(List.of(tools));
	}

	public static ToolExecutor executor(ToolRegistry registry, ToolProperties properties) {
		return new ToolExecutor(registry, properties,
				new StaticListableBeanFactory().getBeanProvider(ToolCallLimiter.class), TurnTelemetry.inMemory());
	}

}
