package dev.agentserve.tool.fetch;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.agentserve.model.http.Secrets;
import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code http_fetch}: GET or HEAD a text or JSON resource. Every URL, redirects included,
 * passes {@link FetchGuard} before a connection is made, and the connection goes to the
 * checked address. Bodies are cut at {@code max-bytes}, the whole fetch at
 * {@code timeout}. Agents get it only when their type lists it.
 */
@Component
public class HttpFetchTool implements Tool {

	private final HttpFetchProperties properties;

	private final FetchGuard guard;

	private final Dialer dialer;

	private final JsonNode parameters;

	private final HttpClient client = HttpClient.create().followRedirect(false);

	HttpFetchTool(HttpFetchProperties properties, JsonMapper json, ObjectProvider<HostResolver> resolver,
			ObjectProvider<Dialer> dialer) {
		this.properties = properties;
		this.guard = new FetchGuard(resolver.getIfAvailable(() -> HostResolver.SYSTEM), properties.allowedHosts());
		this.dialer = dialer.getIfAvailable(() -> Dialer.DIRECT);
		this.parameters = json.readTree("""
				{"type": "object",
				 "properties": {"url": {"type": "string", "maxLength": 2048, "description": "An http or https URL"},
				                "method": {"enum": ["GET", "HEAD"], "description": "Default GET"}},
				 "required": ["url"], "additionalProperties": false}
				""");
	}

	@Override
	public String name() {
		return "http_fetch";
	}

	@Override
	public String description() {
		return "Fetches a public web page or JSON document (GET or HEAD) and returns its status and text.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	/**
	 * The URL with scheme, host, port and path only: query values and user info are often
	 * tokens, and audit lines outlive them.
	 */
	@Override
	public JsonNode auditArguments(JsonNode arguments) {
		if (!arguments.isObject() || !arguments.has("url")) {
			return arguments;
		}
		ObjectNode shown = ((ObjectNode) arguments).deepCopy();
		shown.put("url", Secrets.url(arguments.path("url").asString("")));
		return shown;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		HttpMethod method = "HEAD".equals(arguments.path("method").asString("GET")) ? HttpMethod.HEAD : HttpMethod.GET;
		return Mono.defer(() -> fetch(uri(arguments.path("url").asString()), method, 0))
			.timeout(this.properties.timeout())
			.onErrorMap(TimeoutException.class, (ex) -> new ToolException(
					"The fetch took longer than " + this.properties.timeout().toMillis() + " ms"));
	}

	private Mono<ToolOutput> fetch(URI uri, HttpMethod method, int redirects) {
		return Mono.fromCallable(() -> this.guard.check(uri))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((address) -> request(uri, method, address))
			.flatMap((reply) -> {
				if (reply.location() == null || reply.output() != null) {
					return Mono.justOrEmpty(reply.output());
				}
				if (redirects >= this.properties.maxRedirects()) {
					throw new ToolException("Too many redirects");
				}
				return fetch(uri.resolve(reply.location()), method, redirects + 1);
			});
	}

	private Mono<Reply> request(URI uri, HttpMethod method, InetSocketAddress address) {
		InetSocketAddress target = this.dialer.dial(address);
		long max = this.properties.maxBytes().toBytes();
		// A relative URI with the checked address: an absolute one would make the client
		// resolve the
		// host again (DNS rebinding). The address carries the host name for SNI and
		// certificates.
		String host = (uri.getPort() >= 0) ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
		String path = ((uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath())
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		HttpClient client = this.client.remoteAddress(() -> target).headers((headers) -> headers.set("Host", host));
		if ("https".equalsIgnoreCase(uri.getScheme())) {
			client = client.secure();
		}
		return client.request(method).uri(path).response((response, content) -> {
			int status = response.status().code();
			String location = response.responseHeaders().get("Location");
			if (status >= 300 && status < 400 && location != null) {
				return Mono.just(new Reply(null, location));
			}
			String type = contentType(response);
			AtomicLong read = new AtomicLong();
			AtomicBoolean truncated = new AtomicBoolean();
			return content.asByteArray()
				.takeUntil((bytes) -> read.addAndGet(bytes.length) > max)
				.collect(ByteArrayOutputStream::new, (out, bytes) -> {
					int room = (int) Math.max(0, max - out.size());
					out.write(bytes, 0, Math.min(room, bytes.length));
					truncated.compareAndSet(false, bytes.length > room);
				})
				.map((out) -> new Reply(
						output(uri, status, type, out.toString(StandardCharsets.UTF_8), truncated.get()), null));
		}).next();
	}

	private static String contentType(HttpClientResponse response) {
		String type = response.responseHeaders().get("Content-Type", "");
		String lower = type.toLowerCase(Locale.ROOT);
		if (!lower.isEmpty() && !lower.startsWith("text/") && !lower.contains("json") && !lower.contains("xml")) {
			throw new ToolException("Only text and JSON are fetched, not " + type);
		}
		return type;
	}

	private static ToolOutput output(URI uri, int status, String type, String body, boolean truncated) {
		return new ToolOutput(JsonNodeFactory.instance.objectNode()
			.put("url", uri.toString())
			.put("status", status)
			.put("contentType", type)
			.put("body", body)
			.put("truncated", truncated));
	}

	private static URI uri(String text) {
		try {
			return URI.create(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new ToolException("Not a valid URL: " + ex.getMessage());
		}
	}

	/** A response: the output, or where it redirects. */
	private record Reply(@Nullable ToolOutput output, @Nullable String location) {
	}

}
