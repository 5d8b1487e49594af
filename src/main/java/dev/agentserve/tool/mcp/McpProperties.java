package dev.agentserve.tool.mcp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MCP servers whose tools agents may use.
 *
 * @param servers by name (lower case, digits, {@code -}); their tools are
 * {@code mcp__<name>__<tool>}
 * @param requestTimeout the longest one MCP request (a listing, a call) may take
 * @param healthCheckInterval how often a connected server is pinged; a server that does
 * not answer is taken down, its calls in flight fail, and it is reconnected
 * @param initialBackoff the first wait before reconnecting a server; it doubles up to
 * {@code maxBackoff}
 * @param maxBackoff the longest wait between reconnect attempts
 */
@ConfigurationProperties("agentserve.mcp")
public record McpProperties(@DefaultValue Map<String, Server> servers, @DefaultValue("60s") Duration requestTimeout,
		@DefaultValue("5s") Duration healthCheckInterval, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,24}");

	public McpProperties {
		servers = Map.copyOf(servers);
		servers.forEach((name, server) -> {
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("agentserve.mcp.servers." + name + ": the name must match " + NAME);
			}
			if ((server.command() == null) == (server.url() == null)) {
				throw new IllegalArgumentException("agentserve.mcp.servers." + name
						+ ": set either command (a stdio server) or url (a Streamable HTTP server)");
			}
		});
	}

	/**
	 * One MCP server: a child process spoken to over stdio ({@code command}), or a
	 * Streamable HTTP endpoint ({@code url}).
	 *
	 * @param command the program to start (stdio)
	 * @param args its arguments
	 * @param env variables added to its environment
	 * @param workingDirectory where it runs; default the service's
	 * @param url the MCP endpoint (Streamable HTTP), e.g. {@code http://host:3001/mcp}
	 * @param headers sent with every HTTP request, e.g. {@code Authorization: Bearer
	 * ${GITHUB_TOKEN}} (a placeholder reads an environment variable; an unset one fails
	 * startup)
	 */
	public record Server(@Nullable String command, @DefaultValue List<String> args,
			@DefaultValue Map<String, String> env, @Nullable Path workingDirectory, @Nullable URI url,
			@DefaultValue Map<String, String> headers) {

		public Server {
			args = List.copyOf(args);
			env = Map.copyOf(env);
			headers = Map.copyOf(headers);
		}

		boolean stdio() {
			return this.command != null;
		}

	}

}
