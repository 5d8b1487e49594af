package dev.agentserve.tool.fetch;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.model.http.Secrets;
import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import dev.agentserve.tool.ToolStatus;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A declarative HTTP tool ({@link HttpToolsProperties.Definition}). Its result is
 * {@code {status, body}}, the body parsed when it is JSON. A 429 or 5xx answer fails the
 * call as transient (retried by the executor); after a 429 the tool reports
 * {@code rate_limited} until its {@code Retry-After} (default 30 s) has passed.
 */
final class HttpTool implements Tool {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

	private final String name;

	private final HttpToolsProperties.Definition definition;

	private final JsonNode parameters;

	private final GuardedHttp http;

	private final JsonMapper json;

	private final Clock clock;

	private volatile Instant limitedUntil = Instant.MIN;

	HttpTool(String name, HttpToolsProperties.Definition definition, GuardedHttp http, JsonMapper json, Clock clock) {
		this.name = name;
		this.definition = definition;
		this.http = http;
		this.json = json;
		this.clock = clock;
		try {
			this.parameters = json.readTree(definition.parameters());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"agentserve.tools.http." + name + ".parameters is no JSON Schema: " + ex.getMessage(), ex);
		}
		if (!this.parameters.isObject()) {
			throw new IllegalArgumentException("agentserve.tools.http." + name + ".parameters must be a JSON object");
		}
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return this.definition.description();
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public ToolStatus status() {
		return this.clock.instant().isBefore(this.limitedUntil) ? ToolStatus.RATE_LIMITED : ToolStatus.AVAILABLE;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		return Mono.defer(() -> {
			URI uri = uri(fill(this.definition.url(), arguments,
					(value) -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
			String body = (this.definition.body() != null)
					? fill(this.definition.body(), arguments, HttpTool::jsonEscaped) : null;
			Map<String, String> headers = new LinkedHashMap<>(this.definition.headers());
			if (body != null) {
				headers.putIfAbsent("Content-Type", this.definition.contentType());
			}
			headers.putIfAbsent("Accept", "application/json, text/*");
			return this.http.send(this.definition.method(), uri, headers, body, this.definition.maxBytes().toBytes());
		})
			.timeout(this.definition.timeout())
			.onErrorMap(TimeoutException.class,
					(ex) -> new ToolException(
							this.name + " took longer than " + this.definition.timeout().toMillis() + " ms", true))
			.map(this::output);
	}

	private ToolOutput output(GuardedHttp.Reply reply) {
		if (reply.status() == 429) {
			this.limitedUntil = this.clock.instant().plus(retryAfter(reply.retryAfter()));
			throw new ToolException(this.name + " is rate limited by its server (429)", true);
		}
		if (reply.status() >= 500) {
			throw new ToolException(this.name + " failed: its server answered " + reply.status(), true);
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode().put("status", reply.status());
		JsonNode body = StringNode.valueOf(reply.body());
		if (reply.contentType().toLowerCase(Locale.ROOT).contains("json") && !reply.truncated()) {
			try {
				body = this.json.readTree(reply.body());
			}
			catch (RuntimeException ex) {
				// Not JSON after all: the text.
			}
		}
		out.set("body", body);
		if (reply.truncated()) {
			out.put("truncated", true);
		}
		if (reply.status() >= 400) {
			throw new ToolException(
					this.name + " failed: its server answered " + reply.status() + ": " + out.get("body"));
		}
		return new ToolOutput(out);
	}

	static String fill(String template, JsonNode arguments, Function<String, String> encode) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			JsonNode value = arguments.path(matcher.group(1));
			String text = value.isMissingNode() || value.isNull() ? ""
					: value.isValueNode() ? value.asString() : value.toString();
			matcher.appendReplacement(out, Matcher.quoteReplacement(encode.apply(text)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String jsonEscaped(String value) {
		String quoted = StringNode.valueOf(value).toString();
		return quoted.substring(1, quoted.length() - 1);
	}

	private URI uri(String text) {
		try {
			return URI.create(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolException(this.name + ": the URL " + Secrets.url(text) + " is not valid");
		}
	}

	private static Duration retryAfter(String header) {
		if (header != null) {
			try {
				return Duration.ofSeconds(Math.max(0, Math.min(3600, Long.parseLong(header.trim()))));
			}
			catch (NumberFormatException ex) {
				// An HTTP date: the default.
			}
		}
		return DEFAULT_RETRY_AFTER;
	}

}
