package dev.agentserve.api;

import java.util.stream.Collectors;

import dev.agentserve.agent.AgentCatalog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One line, once the server listens, that says where: the base URL, the UI, the API docs,
 * and each agent type with its model. A new user reads it instead of the README.
 */
@Component
class ReadyLog implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

	private final AgentCatalog agents;

	private final Environment environment;

	ReadyLog(AgentCatalog agents, Environment environment) {
		this.agents = agents;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getParent() != null) {
			return; // a management or child context: the main one speaks
		}
		log.info("{}",
				message(baseUrl(this.environment.getProperty("server.address"), event.getWebServer().getPort())));
	}

	String message(String base) {
		String agentList = this.agents.all()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " (" + entry.getValue().model() + ")")
			.collect(Collectors.joining(", "));
		return "agentserve listens on " + base + " | UI " + base + "/ | API docs " + base + "/swagger-ui.html"
				+ " | agent types: " + agentList;
	}

	static String baseUrl(@Nullable String address, int port) {
		String host = (address == null || address.isBlank() || "0.0.0.0".equals(address) || "::".equals(address))
				? "localhost" : (address.contains(":") ? "[" + address + "]" : address);
		return "http://" + host + ":" + port;
	}

}
