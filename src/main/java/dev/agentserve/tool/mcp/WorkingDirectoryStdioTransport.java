package dev.agentserve.tool.mcp;

import java.nio.file.Path;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import org.jspecify.annotations.Nullable;

/** The SDK's stdio transport, starting the server in a given directory. */
final class WorkingDirectoryStdioTransport extends StdioClientTransport {

	private final @Nullable Path directory;

	WorkingDirectoryStdioTransport(ServerParameters parameters, McpJsonMapper json, @Nullable Path directory) {
		super(parameters, json);
		this.directory = directory;
	}

	@Override
	protected ProcessBuilder getProcessBuilder() {
		ProcessBuilder builder = new ProcessBuilder();
		if (this.directory != null) {
			builder.directory(this.directory.toFile());
		}
		return builder;
	}

}
