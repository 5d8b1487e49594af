package dev.agentserve.api;

import org.jspecify.annotations.Nullable;

/** Live sessions against the configured maximum; {@code active} is null when unknown. */
record SessionsCheck(@Nullable Long active, int max) {
}
