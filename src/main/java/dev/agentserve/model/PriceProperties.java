package dev.agentserve.model;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The price table ({@code agentserve.models.prices.<key>.*}); see {@link Price}. A key is
 * the model reference itself ({@code demo}; in YAML {@code "[openai:gpt-4o-mini]"},
 * brackets keep the {@code :}) or a label whose entry names the model in {@code model},
 * which is the form environment variables can express.
 */
@ConfigurationProperties("agentserve.models")
public record PriceProperties(@DefaultValue Map<String, Price> prices) {

	public PriceProperties {
		prices = Map.copyOf(prices);
	}

}
