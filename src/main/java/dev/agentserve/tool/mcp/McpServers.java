package dev.agentserve.tool.mcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configured MCP servers as a {@link ToolSource}. Stdio servers are started when the
 * service starts (in the background: a server that fails to start never blocks startup);
 * HTTP servers connect on first use. All are closed when the service stops, so stdio
 * child processes end with it.
 */
@Component
class McpServers implements ToolSource, SmartLifecycle {

	private final Map<String, McpServerConnection> servers = new TreeMap<>();

	private volatile boolean running;

	McpServers(McpProperties properties, JsonMapper json) {
		McpToolFactory factory = new McpToolFactory(json);
		properties.servers()
			.forEach((name, server) -> this.servers.put(name,
					new McpServerConnection(name, server, properties, factory)));
	}

	@Override
	public Collection<Tool> tools() {
		List<Tool> tools = new ArrayList<>();
		this.servers.values().forEach((server) -> tools.addAll(server.tools()));
		return tools;
	}

	/**
	 * {@code mcp__<server>__...} names of a configured server are accepted before it
	 * lists them.
	 */
	@Override
	public boolean accepts(String entry) {
		return this.servers.keySet()
			.stream()
			.anyMatch((name) -> entry.startsWith(McpToolFactory.PREFIX + name + "__")
					&& entry.length() > (McpToolFactory.PREFIX + name + "__").length());
	}

	@Override
	public Map<String, String> health() {
		Map<String, String> health = new TreeMap<>();
		this.servers.forEach(
				(name, server) -> health.put("mcp:" + name, server.state().name().toLowerCase(java.util.Locale.ROOT)));
		return health;
	}

	@Override
	public void start() {
		this.running = true;
		this.servers.values().forEach(McpServerConnection::resume);
		this.servers.values().stream().filter(McpServerConnection::stdio).forEach(McpServerConnection::startIfNeeded);
	}

	/** Closes every server at once; the callback runs when all are closed. */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		Flux.fromIterable(this.servers.values())
			.flatMap(McpServerConnection::stop)
			.doFinally((signal) -> callback.run())
			.subscribe();
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
