package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.agent.AgentSpec;

/** A configured agent type as {@code GET /agents} shows it. */
record AgentInfo(String name, String description, String model, int maxSteps, long turnTimeoutSeconds,
		List<String> tools) {

	static List<AgentInfo> of(Map<String, AgentSpec> agents) {
		return agents.entrySet()
			.stream()
			.map((entry) -> new AgentInfo(entry.getKey(), entry.getValue().description(), entry.getValue().model(),
					entry.getValue().maxSteps(), entry.getValue().turnTimeout().toSeconds(), entry.getValue().tools()))
			.toList();
	}

}
