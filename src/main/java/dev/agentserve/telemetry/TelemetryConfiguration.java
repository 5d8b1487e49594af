package dev.agentserve.telemetry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Meter settings of the turn's observations, and a guard against the tracing settings of
 * Spring Boot 3, which bind nothing here.
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

	/** Boot 3's names of the OTLP trace endpoint, and Boot 4's. */
	static final Map<String, String> RENAMED = Map.of("management.otlp.tracing.endpoint",
			"management.opentelemetry.tracing.export.otlp.endpoint", "management.otlp.tracing.transport",
			"management.opentelemetry.tracing.export.otlp.transport");

	/**
	 * Fails the start when a Boot 3 tracing property is set: it looks meant but would
	 * export nothing.
	 */
	TelemetryConfiguration(Environment environment) {
		RENAMED.forEach((old, current) -> {
			if (environment.containsProperty(old)) {
				throw new IllegalStateException(
						"'" + old + "' is not read by this service (Spring Boot 4); set '" + current + "' instead");
			}
		});
	}

	/** The observation timers with a histogram, for p50 / p99 in Prometheus. */
	static final Set<String> HISTOGRAMS = Set.of(TurnObservationConvention.NAME, ToolCallObservationConvention.NAME,
			ModelRoundObservationConvention.NAME);

	/**
	 * Percentile histograms for the turn, model round and tool call timers by exact name
	 * (the {@code management.metrics.distribution} properties match by prefix, which
	 * would also turn the running-turns gauge into a histogram).
	 */
	@Bean
	MeterFilter agentHistograms() {
		return new MeterFilter() {

			@Override
			public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (id.getType() == Meter.Type.TIMER && HISTOGRAMS.contains(id.getName())) {
					return DistributionStatisticConfig.builder()
						.serviceLevelObjectives(
								Arrays.stream(TurnTelemetry.BUCKETS).mapToDouble(Duration::toNanos).toArray())
						.build()
						.merge(config);
				}
				return config;
			}

		};
	}

}
