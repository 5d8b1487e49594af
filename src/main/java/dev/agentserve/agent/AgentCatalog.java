package dev.agentserve.agent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

import dev.agentserve.model.ModelRegistry;
import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolRegistry;
import org.springframework.stereotype.Component;

/** Looks up the configured agent types. */
@Component
public class AgentCatalog {

	private final Map<String, AgentSpec> agents;

	private final ModelRegistry models;

	AgentCatalog(AgentProperties properties, ModelRegistry models, ToolRegistry tools) {
		this.models = models;
		this.agents = Collections.unmodifiableSortedMap(new TreeMap<>(properties.agents()));
		this.agents.forEach((name, spec) -> {
			if (!models.isKnown(spec.model())) {
				throw new IllegalStateException("agentserve.agents." + name + ".model '" + spec.model()
						+ "' names no configured model provider");
			}
			for (String tool : spec.tools()) {
				if (!tools.accepts(tool)) {
					throw new IllegalStateException("agentserve.agents." + name + ".tools names '" + tool
							+ "', which does not exist; tools: " + tools.all().stream().map(Tool::name).toList());
				}
			}
		});
	}

	/** The agent type, or {@link UnknownAgentException} listing the known ones. */
	public AgentSpec require(String name) {
		AgentSpec spec = this.agents.get(name);
		if (spec == null) {
			throw new UnknownAgentException(name, names());
		}
		return spec;
	}

	/** Agent type names in alphabetical order. */
	public List<String> names() {
		return List.copyOf(this.agents.keySet());
	}

	/** The health of each model the agents use, by model reference. */
	public Map<String, String> modelStatus() {
		Map<String, String> status = new TreeMap<>();
		this.agents.values().forEach((spec) -> status.put(spec.model(), this.models.status(spec.model())));
		return status;
	}

	/** The health of every model endpoint, by name. */
	public Map<String, String> endpointStatus() {
		return this.models.endpointStatus();
	}

	/** All agent types by name, in alphabetical order. */
	public Map<String, AgentSpec> all() {
		return this.agents;
	}

}
