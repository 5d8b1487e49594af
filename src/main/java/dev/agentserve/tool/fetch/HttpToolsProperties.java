package dev.agentserve.tool.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Declarative HTTP tools, {@code agentserve.tools.http.<name>}: a tool defined entirely
 * in configuration, sent through the same guarded client as {@code http_fetch} (http or
 * https, public addresses only, the checked address dialled, no redirects followed).
 *
 * @param http the tools by name (lower case, digits, {@code _}, {@code -})
 */
@ConfigurationProperties("agentserve.tools")
public record HttpToolsProperties(@DefaultValue Map<String, Definition> http) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

	public HttpToolsProperties {
		http = Map.copyOf(http);
		http.forEach((name, definition) -> {
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("agentserve.tools.http." + name + ": the name must match " + NAME);
			}
		});
	}

	/**
	 * One declarative tool. Templates name arguments in braces: {@code {city}}; in the
	 * URL a value is URL-encoded, in the body JSON-escaped (write {@code "{city}"} for a
	 * string, {@code {count}} for a number).
	 *
	 * @param description what the tool does, for the model
	 * @param parameters the JSON Schema of its arguments, as JSON text
	 * @param method the HTTP method
	 * @param url the URL template
	 * @param headers sent with every call; use placeholders for secrets:
	 * {@code Authorization: Bearer ${WEATHER_TOKEN}} (an unset variable fails startup)
	 * @param body the body template; none when unset
	 * @param contentType of the body
	 * @param timeout the whole call
	 * @param maxBytes the most response body read
	 */
	public record Definition(String description, @DefaultValue("{\"type\":\"object\"}") String parameters,
			@DefaultValue("GET") String method, String url, @DefaultValue Map<String, String> headers,
			@Nullable String body, @DefaultValue("application/json") String contentType,
			@DefaultValue("10s") Duration timeout, @DefaultValue("256KB") DataSize maxBytes) {

		public Definition {
			headers = Map.copyOf(headers);
			if (!method.matches("GET|POST|PUT|PATCH|DELETE")) {
				throw new IllegalArgumentException("method must be GET, POST, PUT, PATCH or DELETE, not " + method);
			}
		}

	}

}
