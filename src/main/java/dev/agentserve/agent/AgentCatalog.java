package dev.agentserve.agent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

import org.springframework.stereotype.Component;

/** Looks up the configured agent types. */
@Component
public class AgentCatalog {

	private final Map<String, AgentSpec> agents;

	AgentCatalog(AgentProperties properties) {
		this.agents = Collections.unmodifiableSortedMap(new TreeMap<>(properties.agents()));
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

	/** All agent types by name, in alphabetical order. */
	public Map<String, AgentSpec> all() {
		return this.agents;
	}

}
