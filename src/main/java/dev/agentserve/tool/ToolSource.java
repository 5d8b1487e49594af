package dev.agentserve.tool;

import java.util.Collection;
import java.util.Map;

/**
 * Tools that come and go while the service runs (an MCP server's, say), as opposed to
 * {@link Tool} beans, which are fixed at startup. {@link ToolRegistry} asks every source
 * on each look-up.
 */
public interface ToolSource {

	/** The tools the source has now. */
	Collection<Tool> tools();

	/**
	 * Whether an agent's allowlist may name {@code entry} (a tool name or a
	 * {@code prefix*} pattern) although the tool is not listed yet: an MCP server that
	 * connects later.
	 */
	boolean accepts(String entry);

	/**
	 * The state of what the source connects to, by name (an MCP server:
	 * {@code mcp:<name>} → {@code up}, {@code down}, {@code connecting}), for
	 * {@code /health/detailed}.
	 */
	default Map<String, String> health() {
		return Map.of();
	}

}
