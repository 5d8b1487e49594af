package dev.agentserve.agent;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configured agent types.
 *
 * @param agents agent types by name ({@code agentserve.agents.<name>.*})
 */
@ConfigurationProperties("agentserve")
public record AgentProperties(@DefaultValue Map<String, AgentSpec> agents) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	public AgentProperties {
		if (agents.isEmpty()) {
			throw new IllegalArgumentException("Configure at least one agent type under agentserve.agents.<name>");
		}
		for (String name : agents.keySet()) {
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("Agent type name '" + name
						+ "' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit");
			}
		}
		agents = Map.copyOf(agents);
	}

}
