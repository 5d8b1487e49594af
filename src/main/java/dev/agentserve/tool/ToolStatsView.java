package dev.agentserve.tool;

import tools.jackson.databind.JsonNode;

/**
 * A tool with its counters on this replica, for {@code GET /tools}.
 *
 * @param status {@code available}, {@code unavailable} (its server is down or its circuit
 * breaker open) or {@code rate_limited}
 * @param breaker its circuit breaker: {@code closed}, {@code open} or {@code half_open}
 * @param cacheHits calls answered from the result cache
 */
public record ToolStatsView(String name, String description, JsonNode parameters, long calls, long errors,
		double avgLatencyMs, ToolStatus status, String breaker, long cacheHits) {
}
