package dev.agentserve.memory;

/** A memory id and its similarity to a query. */
record ScoredId(String id, double score) {
}
