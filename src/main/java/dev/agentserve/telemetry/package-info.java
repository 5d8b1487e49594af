/**
 * Observability of turns: the {@code Observation}s of a turn, its model rounds and tool
 * calls (documented in {@link AgentObservationDocumentation}, low-cardinality tags only),
 * the meters around them, and the trace id shown in the turn info. Depends on no feature
 * package; the features call {@link TurnTelemetry}.
 */
@NullMarked
package dev.agentserve.telemetry;

import org.jspecify.annotations.NullMarked;
