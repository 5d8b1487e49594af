package dev.agentserve.tool;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.agentserve.model.ToolDefinition;
import org.springframework.stereotype.Component;

/** The tools the service has, by name. */
@Component
public class ToolRegistry {

	private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

	private final Map<String, Tool> tools = new TreeMap<>();

	ToolRegistry(List<Tool> tools) {
		for (Tool tool : tools) {
			if (!NAME.matcher(tool.name()).matches()) {
				throw new IllegalStateException("Tool name '" + tool.name() + "' must match " + NAME);
			}
			if (this.tools.put(tool.name(), tool) != null) {
				throw new IllegalStateException("Two tools are named '" + tool.name() + "'");
			}
		}
	}

	public Optional<Tool> find(String name) {
		return Optional.ofNullable(this.tools.get(name));
	}

	public Collection<Tool> all() {
		return this.tools.values();
	}

	/** The definitions of the named tools that exist, for a model request. */
	public List<ToolDefinition> definitions(Collection<String> names) {
		return names.stream()
			.map(this.tools::get)
			.filter(java.util.Objects::nonNull)
			.sorted(Comparator.comparing(Tool::name))
			.map((tool) -> new ToolDefinition(tool.name(), tool.description(), tool.parameters()))
			.toList();
	}

}
