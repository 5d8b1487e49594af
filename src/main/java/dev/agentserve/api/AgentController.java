package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.agent.AgentCatalog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The configured agent types. */
@RestController
class AgentController {

	private final AgentCatalog agents;

	AgentController(AgentCatalog agents) {
		this.agents = agents;
	}

	@GetMapping(path = "/agents", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, List<?>> agents() {
		return Map.of("agents", AgentInfo.of(this.agents.all()), "workflows", WorkflowInfo.of(this.agents.workflows()));
	}

}
