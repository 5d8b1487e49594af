package dev.agentserve.telemetry;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TracingEnvironmentPostProcessorTests {

	private final TracingEnvironmentPostProcessor processor = new TracingEnvironmentPostProcessor();

	@Test
	void withoutAnEndpointTracingIsOff() {
		assertThat(enabledWith(Map.of())).isEqualTo("false");
	}

	@Test
	void anEndpointLeavesTracingOn() {
		assertThat(enabledWith(Map.of(TracingEnvironmentPostProcessor.ENDPOINT, "http://collector:4318/v1/traces")))
			.isNull();
	}

	@Test
	void anExplicitSettingWins() {
		assertThat(enabledWith(Map.of(TracingEnvironmentPostProcessor.ENABLED, "true"))).isEqualTo("true");
	}

	private String enabledWith(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(TracingEnvironmentPostProcessor.ENABLED);
	}

}
