package dev.agentserve.tool.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentserve.tool.ToolException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One MCP server: connects (for stdio: starts the child process), lists its tools, keeps
 * the list current on {@code notifications/tools/list_changed}, pings it, and when it
 * dies or stops answering closes the client (failing the calls in flight) and connects
 * again with exponential backoff. Its last-known tools stay listed, unavailable, while it
 * is down.
 */
final class McpServerConnection {

	private static final Logger log = LoggerFactory.getLogger(McpServerConnection.class);

	/** {@code connecting}, {@code up} or {@code down}. */
	enum State {

		NOT_STARTED, CONNECTING, UP, DOWN

	}

	private final String name;

	private final McpProperties.Server server;

	private final McpProperties properties;

	private final McpToolFactory factory;

	private final Object lock = new Object();

	private final AtomicInteger failures = new AtomicInteger();

	private final Disposable.Swap timer = Disposables.swap();

	private volatile State state = State.NOT_STARTED;

	private volatile List<McpTool> tools = List.of();

	private volatile @Nullable McpAsyncClient client;

	private volatile boolean stopped;

	/**
	 * Counts stops (under the lock): a connect begun before a stop must not come up, or
	 * fail, after a restart.
	 */
	private int epoch;

	private volatile @Nullable String lastError;

	McpServerConnection(String name, McpProperties.Server server, McpProperties properties, McpToolFactory factory) {
		this.name = name;
		this.server = server;
		this.properties = properties;
		this.factory = factory;
	}

	String name() {
		return this.name;
	}

	State state() {
		return this.state;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	boolean stdio() {
		return this.server.stdio();
	}

	/** Its tools as last listed; asking starts a server that was never started. */
	List<McpTool> tools() {
		startIfNeeded();
		return this.tools;
	}

	void startIfNeeded() {
		if (this.state == State.NOT_STARTED) {
			synchronized (this.lock) {
				if (this.state == State.NOT_STARTED && !this.stopped) {
					connect();
				}
			}
		}
	}

	private void connect() {
		if (this.stopped) {
			return;
		}
		this.state = State.CONNECTING;
		McpAsyncClient candidate;
		try {
			candidate = McpClient.async(transport())
				.clientInfo(new McpSchema.Implementation("agentserve", "1"))
				.requestTimeout(this.properties.requestTimeout())
				.initializationTimeout(this.properties.requestTimeout())
				.toolsChangeConsumer((listed) -> Mono.fromRunnable(() -> relisted(listed)))
				.build();
		}
		catch (RuntimeException ex) {
			failed(null, ex, this.epoch);
			return;
		}
		int begun = this.epoch;
		candidate.initialize()
			.then(listAll(candidate, null, new ArrayList<>()))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe((listed) -> up(candidate, listed, begun), (ex) -> failed(candidate, ex, begun));
	}

	private McpClientTransport transport() {
		if (this.server.command() != null) {
			ServerParameters parameters = ServerParameters.builder(this.server.command())
				.args(this.server.args())
				.env(this.server.env())
				.build();
			WorkingDirectoryStdioTransport transport = new WorkingDirectoryStdioTransport(parameters,
					McpJsonDefaults.getMapper(), this.server.workingDirectory());
			transport.setStdErrorHandler((line) -> log.debug("MCP server {}: {}", this.name, line));
			return transport;
		}
		java.net.URI url = java.util.Objects.requireNonNull(this.server.url());
		String base = url.getScheme() + "://" + url.getRawAuthority();
		String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		if (url.getRawQuery() != null) {
			endpoint += "?" + url.getRawQuery();
		}
		Map<String, String> headers = this.server.headers();
		return HttpClientStreamableHttpTransport.builder(base)
			.endpoint(endpoint)
			.connectTimeout(Duration.ofSeconds(10))
			.httpRequestCustomizer((builder, method, uri, body, context) -> headers.forEach(builder::setHeader))
			.build();
	}

	private Mono<List<McpSchema.Tool>> listAll(McpAsyncClient candidate, @Nullable String cursor,
			List<McpSchema.Tool> sofar) {
		Mono<McpSchema.ListToolsResult> page = (cursor != null) ? candidate.listTools(cursor) : candidate.listTools();
		return page.flatMap((result) -> {
			sofar.addAll(result.tools());
			return (result.nextCursor() != null && !result.nextCursor().isEmpty() && sofar.size() < 1000)
					? listAll(candidate, result.nextCursor(), sofar) : Mono.just(sofar);
		});
	}

	private void up(McpAsyncClient candidate, List<McpSchema.Tool> listed, int begun) {
		synchronized (this.lock) {
			if (this.stopped || begun != this.epoch) {
				candidate.closeGracefully().subscribe(null, (ex) -> log.debug("close", ex));
				return;
			}
			this.client = candidate;
			this.tools = this.factory.tools(this.name, this, listed);
			this.state = State.UP;
			this.lastError = null;
			this.failures.set(0);
			log.info("MCP server {} is up with {} tools", this.name, this.tools.size());
			this.timer.update(Flux.interval(this.properties.healthCheckInterval())
				.onBackpressureDrop()
				.concatMap((tick) -> ping(candidate), 1)
				.subscribe(null, (ex) -> lost(candidate, ex)));
		}
	}

	private Mono<Object> ping(McpAsyncClient candidate) {
		Duration limit = min(this.properties.healthCheckInterval().multipliedBy(2), this.properties.requestTimeout());
		return candidate.ping().timeout(limit);
	}

	private void relisted(List<McpSchema.Tool> listed) {
		synchronized (this.lock) {
			if (this.state == State.UP) {
				this.tools = this.factory.tools(this.name, this, listed);
				log.info("MCP server {} changed its tools: {} now", this.name, this.tools.size());
			}
		}
	}

	private void failed(@Nullable McpAsyncClient candidate, Throwable ex, int begun) {
		if (candidate != null) {
			candidate.closeGracefully().onErrorComplete().subscribe();
		}
		synchronized (this.lock) {
			if (begun == this.epoch) {
				down(ex);
			}
		}
	}

	/** The server stopped answering: close its client (failing calls in flight). */
	private void lost(McpAsyncClient candidate, Throwable ex) {
		synchronized (this.lock) {
			if (this.client != candidate) {
				return;
			}
			this.client = null;
		}
		log.warn("MCP server {} was lost: {}", this.name, ex.toString());
		candidate.closeGracefully().onErrorComplete().subscribe();
		down(ex);
	}

	private void down(Throwable ex) {
		synchronized (this.lock) {
			this.state = State.DOWN;
			this.lastError = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			if (this.stopped) {
				return;
			}
			int attempt = this.failures.getAndIncrement();
			Duration wait = min(this.properties.initialBackoff().multipliedBy(1L << Math.min(attempt, 16)),
					this.properties.maxBackoff());
			log.warn("MCP server {} is down ({}); reconnecting in {} ms", this.name, this.lastError, wait.toMillis());
			this.timer.update(Mono.delay(wait).subscribe((tick) -> {
				synchronized (this.lock) {
					connect();
				}
			}));
		}
	}

	/** Calls a tool by its name on the server. */
	Mono<McpSchema.CallToolResult> call(String tool, Map<String, Object> arguments) {
		return Mono.defer(() -> {
			McpAsyncClient current = this.client;
			if (current == null || this.state != State.UP) {
				return Mono.error(new ToolException("The MCP server '" + this.name + "' is unavailable"
						+ ((this.lastError != null) ? " (" + this.lastError + ")" : "")));
			}
			return current.callTool(new McpSchema.CallToolRequest(tool, arguments)).onErrorResume((ex) -> {
				if (ex instanceof McpError) {
					return Mono.error(new ToolException(tool + " failed: " + ex.getMessage()));
				}
				// A transport failure: check the server now rather than at the next ping.
				ping(current).subscribe(null, (pingFailure) -> lost(current, pingFailure));
				return Mono.error(new ToolException("The MCP server '" + this.name + "' failed: "
						+ ((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName())));
			});
		});
	}

	/**
	 * Lets a stopped connection start again (the service's context stopped and started
	 * again): the next {@link #startIfNeeded} or {@link #tools} connects.
	 */
	void resume() {
		synchronized (this.lock) {
			if (this.stopped) {
				this.stopped = false;
				this.failures.set(0);
				this.state = State.NOT_STARTED;
			}
		}
	}

	/**
	 * Closes the client (a stdio server's process ends) and cancels health checks and
	 * reconnects until {@link #resume}. Blocks no thread: the answer completes once the
	 * client is closed, within 5 s. Closing a stdio client waits for its process's exit,
	 * which the JDK completes on the common fork-join pool, so no thread of that pool may
	 * block on it (on two processors the pool has a single thread).
	 */
	Mono<Void> stop() {
		McpAsyncClient current;
		synchronized (this.lock) {
			this.stopped = true;
			this.epoch++;
			this.timer.update(Disposables.disposed());
			current = this.client;
			this.client = null;
			this.state = State.DOWN;
		}
		if (current == null) {
			return Mono.empty();
		}
		return current.closeGracefully().timeout(Duration.ofSeconds(5)).onErrorResume((ex) -> {
			log.debug("MCP server {} did not close in time; closing it at once", this.name, ex);
			current.close();
			return Mono.empty();
		});
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
