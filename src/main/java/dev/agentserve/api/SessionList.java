package dev.agentserve.api;

import java.util.List;

/**
 * Body of {@code GET /sessions}: the caller's live sessions, most recently active first.
 */
record SessionList(List<SessionInfo> sessions) {
}
