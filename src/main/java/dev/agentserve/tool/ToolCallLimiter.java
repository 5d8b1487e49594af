package dev.agentserve.tool;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Decides whether a tool call may run now: {@link Duration#ZERO} when it may, else how
 * long until it could. Implemented where the quota storage lives; {@link #UNLIMITED} lets
 * every call run.
 */
public interface ToolCallLimiter {

	ToolCallLimiter UNLIMITED = (context) -> Mono.just(Duration.ZERO);

	Mono<Duration> acquire(ToolContext context);

}
