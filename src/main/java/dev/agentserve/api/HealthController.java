package dev.agentserve.api;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.limit.Admission;
import dev.agentserve.session.SessionService;
import dev.agentserve.tool.ToolExecutor;
import dev.agentserve.tool.ToolRegistry;
import dev.agentserve.tool.ToolStatsView;
import dev.agentserve.tool.ToolStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The seed's health endpoints. {@code /health} answers while the process can serve HTTP
 * and is public; {@code /health/detailed} checks dependencies and reports
 * {@code degraded} when one fails, and needs a caller when callers are configured (it
 * names models and counts sessions). Kubernetes should probe the actuator's liveness and
 * readiness groups instead.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class HealthController {

	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

	private final SessionService sessions;

	private final AgentCatalog agents;

	private final Clock clock;

	private final Admission admission;

	private final ToolExecutor tools;

	private final ToolRegistry toolRegistry;

	HealthController(SessionService sessions, AgentCatalog agents, Clock clock, Admission admission, ToolExecutor tools,
			ToolRegistry toolRegistry) {
		this.tools = tools;
		this.toolRegistry = toolRegistry;
		this.sessions = sessions;
		this.admission = admission;
		this.agents = agents;
		this.clock = clock;
	}

	@GetMapping("/health")
	Map<String, Object> health() {
		return Map.of("status", HealthCheck.HEALTHY, "timestamp", this.clock.instant());
	}

	/**
	 * Tools that fail their calls now (an MCP server down, a breaker open) and the MCP
	 * servers' states. Informational: they do not make the service degraded, since a turn
	 * still runs without them.
	 */
	private Map<String, Object> toolsCheck() {
		List<String> unavailable = this.tools.stats()
			.stream()
			.filter((tool) -> tool.status() != ToolStatus.AVAILABLE)
			.map(ToolStatsView::name)
			.toList();
		return Map.of("status", unavailable.isEmpty() ? HealthCheck.HEALTHY : "degraded", "unavailable", unavailable,
				"servers", this.toolRegistry.sourceHealth());
	}

	@GetMapping("/health/detailed")
	Mono<DetailedHealth> detailed() {
		Mono<HealthCheck> redis = this.sessions.ping()
			.timeout(CHECK_TIMEOUT)
			.map(HealthCheck::healthy)
			.onErrorResume((ex) -> Mono.just(HealthCheck.unhealthy(ex)));
		Mono<SessionsCheck> active = this.sessions.countActive()
			.timeout(CHECK_TIMEOUT)
			.map((count) -> new SessionsCheck(count, this.sessions.maxActive()))
			.onErrorResume((ex) -> Mono.just(new SessionsCheck(null, this.sessions.maxActive())));
		return Mono.zip(redis, active).map((checks) -> {
			Map<String, String> models = this.agents.modelStatus();
			// An endpoint no round has reached yet is not a failure.
			boolean modelsHealthy = models.values()
				.stream()
				.allMatch((status) -> HealthCheck.HEALTHY.equals(status) || "unknown".equals(status));
			Map<String, Object> all = new LinkedHashMap<>();
			all.put("redis", checks.getT1());
			all.put("llm", Map.of("status", modelsHealthy ? HealthCheck.HEALTHY : "degraded", "models", models,
					"endpoints", this.agents.endpointStatus()));
			all.put("sessions", checks.getT2());
			all.put("admission", this.admission.state());
			all.put("tools", toolsCheck());
			boolean healthy = HealthCheck.HEALTHY.equals(checks.getT1().status()) && modelsHealthy;
			return new DetailedHealth(healthy ? HealthCheck.HEALTHY : "degraded", this.clock.instant(), all);
		});
	}

}
