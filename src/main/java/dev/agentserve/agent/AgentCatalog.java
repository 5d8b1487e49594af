package dev.agentserve.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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

	private final Map<String, WorkflowSpec> workflows;

	AgentCatalog(AgentProperties properties, ModelRegistry models, ToolRegistry tools, WorkflowProperties workflows) {
		this.models = models;
		this.agents = Collections.unmodifiableSortedMap(new TreeMap<>(properties.agents()));
		this.workflows = Collections.unmodifiableSortedMap(new TreeMap<>(workflows.workflows()));
		checkSubAgents(this.agents);
		checkWorkflows(this.agents, this.workflows);
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

	/**
	 * The agent type, or {@link UnknownAgentException} listing the known ones. A
	 * workflow's is its planner's: the workflow's turn runs within the planner's limits.
	 */
	public AgentSpec require(String name) {
		AgentSpec spec = this.agents.get(name);
		if (spec == null) {
			WorkflowSpec workflow = this.workflows.get(name);
			if (workflow != null) {
				return this.agents.get(workflow.planner());
			}
			throw new UnknownAgentException(name, names());
		}
		return spec;
	}

	/** Agent type and workflow names in alphabetical order. */
	public List<String> names() {
		return Stream.concat(this.agents.keySet().stream(), this.workflows.keySet().stream()).sorted().toList();
	}

	/** The workflow of that name, if it is one. */
	public Optional<WorkflowSpec> workflow(String name) {
		return Optional.ofNullable(this.workflows.get(name));
	}

	/** The configured workflows by name, in alphabetical order. */
	public Map<String, WorkflowSpec> workflows() {
		return this.workflows;
	}

	/** Sub-agents must be agent types (fail closed: a typo is a start-up error). */
	private static void checkSubAgents(Map<String, AgentSpec> agents) {
		agents.forEach((name, spec) -> {
			for (String sub : spec.subAgents()) {
				if (!agents.containsKey(sub)) {
					throw new IllegalStateException("agentserve.agents." + name + ".sub-agents names '" + sub
							+ "', which is no agent type; agent types: " + agents.keySet());
				}
			}
		});
	}

	private static void checkWorkflows(Map<String, AgentSpec> agents, Map<String, WorkflowSpec> workflows) {
		workflows.forEach((name, workflow) -> {
			if (agents.containsKey(name)) {
				throw new IllegalStateException(
						"agentserve.workflows." + name + " has the name of an agent type; rename one of them");
			}
			List<String> roles = new ArrayList<>(workflow.workers());
			roles.add(workflow.planner());
			if (!workflow.validator().isEmpty()) {
				roles.add(workflow.validator());
			}
			if (!workflow.synthesizer().isEmpty()) {
				roles.add(workflow.synthesizer());
			}
			for (String role : roles) {
				if (!agents.containsKey(role)) {
					throw new IllegalStateException("agentserve.workflows." + name + " names '" + role
							+ "', which is no agent type; agent types: " + agents.keySet());
				}
			}
		});
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
