package dev.agentserve.config;

import java.util.Set;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.memory.EmbeddingClient;
import dev.agentserve.memory.MemoryProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the service is ready, warms the embedder up (loads the local model) when some
 * agent type uses memory, so its first turn does not wait seconds for it; a deployment
 * whose agents use no memory never loads the model.
 */
@Component
class MemoryWarmUp {

	private static final Set<String> MEMORY_TOOLS = Set.of("remember", "recall", "forget");

	private final AgentCatalog agents;

	private final EmbeddingClient embedder;

	private final MemoryProperties properties;

	MemoryWarmUp(AgentCatalog agents, EmbeddingClient embedder, MemoryProperties properties) {
		this.agents = agents;
		this.embedder = embedder;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		if (this.properties.warmUp() && this.agents.all().values().stream().anyMatch(MemoryWarmUp::usesMemory)) {
			this.embedder.warmUp();
		}
	}

	static boolean usesMemory(AgentSpec spec) {
		return spec.memory().autoRecall() || spec.memory().episodic()
				|| spec.tools().stream().anyMatch(MEMORY_TOOLS::contains);
	}

}
