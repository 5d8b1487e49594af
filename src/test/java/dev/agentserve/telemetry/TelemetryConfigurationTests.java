package dev.agentserve.telemetry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TelemetryConfiguration.class);

	@Test
	void theBoot3NameOfTheOtlpEndpointFailsTheStart() {
		this.runner.withPropertyValues("management.otlp.tracing.endpoint=http://collector:4318/v1/traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("management.opentelemetry.tracing.export.otlp.endpoint"));
	}

	@Test
	void theBoot4NameStarts() {
		this.runner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://collector:4318/v1/traces")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
