package dev.agentserve.model.demo;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DemoModelPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Config.class);

	@Test
	void defaultsKeepTheNaturalAnswerAtFifteenMillisecondsPerToken() {
		this.context.run((context) -> assertThat(context.getBean(DemoModelProperties.class))
			.isEqualTo(new DemoModelProperties(Duration.ZERO, Duration.ofMillis(15), 0))
			.isEqualTo(DemoModelProperties.defaults()));
	}

	@Test
	void theBenchmarkKnobsBind() {
		this.context
			.withPropertyValues("agentserve.models.demo.first-token-delay=200ms",
					"agentserve.models.demo.token-delay=10ms", "agentserve.models.demo.answer-tokens=20")
			.run((context) -> assertThat(context.getBean(DemoModelProperties.class))
				.isEqualTo(new DemoModelProperties(Duration.ofMillis(200), Duration.ofMillis(10), 20)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "agentserve.models.demo.first-token-delay=-1ms", "agentserve.models.demo.token-delay=-1ms",
			"agentserve.models.demo.answer-tokens=-1", "agentserve.models.demo.answer-tokens=1000001" })
	void anOutOfRangeKnobStopsTheStart(String property) {
		String name = property.substring(0, property.indexOf('='));
		this.context.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(name));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DemoModelProperties.class)
	static class Config {

	}

}
