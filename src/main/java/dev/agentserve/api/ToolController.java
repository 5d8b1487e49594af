package dev.agentserve.api;

import java.util.List;
import java.util.Map;

import dev.agentserve.tool.ToolExecutor;
import dev.agentserve.tool.ToolStatsView;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tools, with their calls, errors, average latency and status on this replica. */
@RestController
class ToolController {

	private final ToolExecutor tools;

	ToolController(ToolExecutor tools) {
		this.tools = tools;
	}

	@GetMapping(path = "/tools", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, List<ToolStatsView>> tools() {
		return Map.of("tools", this.tools.stats());
	}

}
