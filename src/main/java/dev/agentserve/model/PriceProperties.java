package dev.agentserve.model;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The price table, as configured; {@link PriceTable} checks it and serves it.
 *
 * @param prices by key: the model reference itself ({@code demo}; in YAML
 * {@code "[openai:gpt-4o-mini]"}, the brackets keep the {@code :}), or any label whose
 * entry names the model in {@code model}, the form environment variables can express
 */
@ConfigurationProperties("agentserve.models")
public record PriceProperties(@DefaultValue Map<String, Entry> prices) {

	public PriceProperties {
		prices = Map.copyOf(prices);
	}

	/**
	 * One model's price.
	 *
	 * @param model the model reference agents configure ({@code demo},
	 * {@code openai:gpt-4o-mini}); absent, the key is the model. Set it when the
	 * reference cannot be a key: environment variables cannot spell {@code :}, {@code .}
	 * or upper case
	 * @param inputPerMillion price of one million input (prompt) tokens; required
	 * @param outputPerMillion price of one million output tokens (reasoning tokens
	 * included, as the providers bill them); required
	 * @param currency ISO 4217 code, upper case
	 */
	public record Entry(@Nullable String model, @Nullable BigDecimal inputPerMillion,
			@Nullable BigDecimal outputPerMillion, @DefaultValue("USD") String currency) {
	}

}
