/**
 * The Redis keyspace (every key, the prefix, the hash tags) and the Lua scripts with
 * their shared helpers. Policy stays in {@code session} and {@code turn}.
 */
@NullMarked
package dev.agentserve.persistence;

import org.jspecify.annotations.NullMarked;
