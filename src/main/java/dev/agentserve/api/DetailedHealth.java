package dev.agentserve.api;

import java.time.Instant;
import java.util.Map;

/** Body of {@code GET /health/detailed}. */
record DetailedHealth(String status, Instant timestamp, Map<String, Object> checks) {
}
