package dev.agentserve.agent;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configured workflows.
 *
 * @param workflows workflows by name ({@code agentserve.workflows.<name>.*}); a name must
 * not also be an agent type's
 */
@ConfigurationProperties("agentserve")
public record WorkflowProperties(@DefaultValue Map<String, WorkflowSpec> workflows) {

	public WorkflowProperties {
		workflows = Map.copyOf(workflows);
	}

}
