package dev.agentserve.tool;

import tools.jackson.databind.JsonNode;

/**
 * A tool with its counters on this replica, for {@code GET /tools}.
 *
 * @param status {@code available}, or {@code failing} after several failures in a row
 */
public record ToolStatsView(String name, String description, JsonNode parameters, long calls, long errors,
		double avgLatencyMs, String status) {
}
