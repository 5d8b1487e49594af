/**
 * Human approval of tool calls: the decision, the Redis record of pending calls and
 * decisions, the gate the agent loop waits on, and the owner's decision
 * ({@link dev.agentserve.approval.ApprovalService}). Imports only {@code session} and
 * {@code model}, so {@code agent}, {@code turn}, {@code stream} and {@code api} may all
 * import it.
 */
@NullMarked
package dev.agentserve.approval;

import org.jspecify.annotations.NullMarked;
