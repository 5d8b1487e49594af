package dev.agentserve.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.agentserve.model.ToolDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The tools the service has, by name: the {@link Tool} beans (built-ins, declarative HTTP
 * tools, plugins), fixed at startup, and those of every {@link ToolSource} (MCP servers),
 * asked on each look-up.
 */
@Component
public class ToolRegistry {

	private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

	private final Map<String, Tool> tools = new TreeMap<>();

	private final List<ToolSource> sources;

	ToolRegistry(List<Tool> tools) {
		this(tools, List.of());
	}

	@Autowired
	ToolRegistry(List<Tool> tools, ObjectProvider<ToolSource> sources) {
		this(tools, sources.orderedStream().toList());
	}

	private ToolRegistry(List<Tool> tools, List<ToolSource> sources) {
		this.sources = List.copyOf(sources);
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
		Tool tool = this.tools.get(name);
		if (tool != null) {
			return Optional.of(tool);
		}
		for (ToolSource source : this.sources) {
			for (Tool candidate : source.tools()) {
				if (candidate.name().equals(name)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/** Every tool, by name. */
	public Collection<Tool> all() {
		Map<String, Tool> all = new TreeMap<>();
		this.sources.forEach((source) -> source.tools().forEach((tool) -> all.putIfAbsent(tool.name(), tool)));
		all.putAll(this.tools);
		return all.values();
	}

	/**
	 * Whether an allowlist entry names a tool: one that exists, a pattern ({@code x*})
	 * that matches one, or one a source will have once it connects.
	 */
	public boolean accepts(String entry) {
		if (this.tools.containsKey(entry) || this.sources.stream().anyMatch((source) -> source.accepts(entry))) {
			return true;
		}
		return ToolNames.isPattern(entry)
				&& all().stream().anyMatch((tool) -> ToolNames.allows(List.of(entry), tool.name()));
	}

	/** The state of each source's servers, by name. */
	public Map<String, String> sourceHealth() {
		Map<String, String> health = new TreeMap<>();
		this.sources.forEach((source) -> health.putAll(source.health()));
		return health;
	}

	/** The definitions of the tools the allowlist allows, for a model request. */
	public List<ToolDefinition> definitions(Collection<String> allowlist) {
		List<ToolDefinition> definitions = new ArrayList<>();
		all().stream()
			.filter((tool) -> ToolNames.allows(allowlist, tool.name()))
			.sorted(Comparator.comparing(Tool::name))
			.forEach((tool) -> definitions.add(new ToolDefinition(tool.name(), tool.description(), tool.parameters())));
		return definitions;
	}

}
