package dev.agentserve.tool;

/** Who a tool call runs for. */
public record ToolContext(String userId, String sessionId, String turnId) {
}
