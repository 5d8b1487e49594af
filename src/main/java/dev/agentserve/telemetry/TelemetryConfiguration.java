package dev.agentserve.telemetry;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meter settings of the turn's observations. */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

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
					return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
				}
				return config;
			}

		};
	}

}
