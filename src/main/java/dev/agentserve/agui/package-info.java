/**
 * The AG-UI protocol (docs.ag-ui.com) over the turn engine: a {@code RunAgentInput} run
 * starts, continues or resumes a turn of the caller's session for the thread, and the
 * turn's events are translated to AG-UI events. Approvals are AG-UI interrupts; tools the
 * client runs end a run with their calls and continue in the next.
 */
@NullMarked
package dev.agentserve.agui;

import org.jspecify.annotations.NullMarked;
