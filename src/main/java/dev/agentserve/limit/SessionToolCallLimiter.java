package dev.agentserve.limit;

import java.time.Duration;

import dev.agentserve.tool.ToolCallLimiter;
import dev.agentserve.tool.ToolContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tool calls per session per minute, in the shared Redis buckets. When Redis cannot be
 * asked the call runs (the limit protects capacity; it must not fail turns on its own).
 */
@Component
class SessionToolCallLimiter implements ToolCallLimiter {

	private final RequestRateLimiter buckets;

	private final int perMinute;

	SessionToolCallLimiter(RequestRateLimiter buckets, LimitProperties limits) {
		this.buckets = buckets;
		this.perMinute = limits.toolCallsPerSessionPerMinute();
	}

	@Override
	public Mono<Duration> acquire(ToolContext context) {
		if (this.perMinute <= 0) {
			return Mono.just(Duration.ZERO);
		}
		return this.buckets.acquire("session-tools", context.sessionId(), this.perMinute).onErrorReturn(Duration.ZERO);
	}

}
