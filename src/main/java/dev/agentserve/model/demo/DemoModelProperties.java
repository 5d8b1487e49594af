package dev.agentserve.model.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo model.
 *
 * @param tokenDelay pause before each streamed token, to feel like a real model; 0 for
 * benchmarks
 */
@ConfigurationProperties("agentserve.models.demo")
public record DemoModelProperties(@DefaultValue("15ms") Duration tokenDelay) {

	public DemoModelProperties {
		if (tokenDelay.isNegative()) {
			throw new IllegalArgumentException("agentserve.models.demo.token-delay must not be negative");
		}
	}

}
