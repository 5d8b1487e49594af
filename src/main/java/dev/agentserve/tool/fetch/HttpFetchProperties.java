package dev.agentserve.tool.fetch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code http_fetch} tool. It is available only to agent types that list it in their
 * tools.
 *
 * @param allowedHosts if set, the only hosts it may fetch ({@code example.com} or
 * {@code *.example.com}); the address checks apply as well
 * @param maxBytes the most body it reads; longer bodies are cut and marked truncated
 * @param timeout the whole fetch, redirects included
 * @param maxRedirects redirects followed, each checked like the first URL
 */
@ConfigurationProperties("agentserve.tools.http-fetch")
public record HttpFetchProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("512KB") DataSize maxBytes,
		@DefaultValue("10s") Duration timeout, @DefaultValue("3") int maxRedirects) {

	public HttpFetchProperties {
		allowedHosts = List.copyOf(allowedHosts);
	}

}
