/**
 * The demo model: deterministic, dependency-free, and really using the tools, so the
 * service is useful without an API key and tests and benchmarks have a model that never
 * flakes.
 */
@NullMarked
package dev.agentserve.model.demo;

import org.jspecify.annotations.NullMarked;
