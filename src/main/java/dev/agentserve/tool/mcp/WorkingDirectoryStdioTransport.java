package dev.agentserve.tool.mcp;

import java.nio.file.Path;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport, starting the server in a given directory, and sending one
 * message at a time.
 */
final class WorkingDirectoryStdioTransport extends StdioClientTransport {

	private final @Nullable Path directory;

	private final Object sending = new Object();

	WorkingDirectoryStdioTransport(ServerParameters parameters, McpJsonMapper json, @Nullable Path directory) {
		super(parameters, json);
		this.directory = directory;
	}

	/**
	 * The SDK hands the message to a sink that refuses a send overlapping another's
	 * instead of waiting its turn ({@code FAIL_NON_SERIALIZED}: "Failed to enqueue
	 * message", modelcontextprotocol/java-sdk#875, fixed after 2.0.1). Two turns calling
	 * the server's tools at once, or a tool-list refresh during a health check, lost one
	 * of the messages. The hand-over only queues the message (the writing is the
	 * transport's own thread), so the lock is held for a moment.
	 */
	@Override
	public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
		synchronized (this.sending) {
			return super.sendMessage(message);
		}
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
