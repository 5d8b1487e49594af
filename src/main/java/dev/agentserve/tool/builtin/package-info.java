/** The tools every deployment has: {@code calculator} and {@code current_time}. */
@NullMarked
package dev.agentserve.tool.builtin;

import org.jspecify.annotations.NullMarked;
