package dev.agentserve.tool;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** One Resilience4j circuit breaker per tool name, on this replica. */
final class ToolBreakers {

	private final CircuitBreakerRegistry registry;

	ToolBreakers(ToolProperties.Breaker settings) {
		this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.window())
			.minimumNumberOfCalls(settings.minimumCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.waitInOpen())
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build());
	}

	CircuitBreaker of(String tool) {
		return this.registry.circuitBreaker(tool);
	}

	/** {@code closed}, {@code open} or {@code half_open}. */
	String state(String tool) {
		return of(tool).getState().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the breaker refuses calls now; it turns half-open by itself after its wait.
	 */
	boolean open(String tool) {
		CircuitBreaker.State state = of(tool).getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

}
