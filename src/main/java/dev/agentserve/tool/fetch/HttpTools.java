package dev.agentserve.tool.fetch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The declarative HTTP tools of {@code agentserve.tools.http}, built at startup. They use
 * the guard of {@code http_fetch} (its {@code allowed-hosts} too).
 */
@Component
class HttpTools implements ToolSource {

	private final List<Tool> tools;

	HttpTools(HttpToolsProperties properties, HttpFetchProperties fetch, JsonMapper json, Clock clock,
			ObjectProvider<HostResolver> resolver, ObjectProvider<Dialer> dialer) {
		GuardedHttp http = new GuardedHttp(
				new FetchGuard(resolver.getIfAvailable(() -> HostResolver.SYSTEM), fetch.allowedHosts()),
				dialer.getIfAvailable(() -> Dialer.DIRECT));
		List<Tool> tools = new ArrayList<>();
		properties.http().forEach((name, definition) -> tools.add(new HttpTool(name, definition, http, json, clock)));
		this.tools = List.copyOf(tools);
	}

	@Override
	public Collection<Tool> tools() {
		return this.tools;
	}

	@Override
	public boolean accepts(String entry) {
		return false;
	}

}
