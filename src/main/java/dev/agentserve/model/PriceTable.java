package dev.agentserve.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The price of each model, by the model reference agents configure. Fails the start when
 * an entry is misspelt (a field it does not know, e.g. the environment-variable form
 * {@code ..._INPUT_PER_MILLION} that Spring reads as {@code input.per.million}) or two
 * entries price the same model, so configuration that looks meant always binds.
 */
@Component
public class PriceTable {

	static final String PREFIX = "agentserve.models.prices";

	private static final Set<String> FIELDS = Set.of("model", "inputpermillion", "outputpermillion", "currency");

	private final Map<String, Price> prices;

	PriceTable(PriceProperties properties, Environment environment) {
		UnboundProperties.check(environment, PREFIX, FIELDS,
				"a price has model, input-per-million, output-per-million and currency"
						+ " (environment variables: ..._INPUTPERMILLION, ..._OUTPUTPERMILLION)");
		Map<String, Price> byModel = new TreeMap<>();
		properties.prices().forEach((key, entry) -> {
			String model = (entry.model() != null) ? entry.model() : key;
			if (model.isBlank()) {
				throw new IllegalStateException(PREFIX + "." + key + ".model must not be blank");
			}
			if (byModel.put(model, price(key, entry)) != null) {
				throw new IllegalStateException(PREFIX + " prices the model '" + model + "' twice");
			}
		});
		this.prices = Collections.unmodifiableMap(byModel);
	}

	private static Price price(String key, PriceProperties.Entry entry) {
		if (entry.inputPerMillion() == null || entry.outputPerMillion() == null) {
			throw new IllegalStateException(
					PREFIX + "." + key + " needs input-per-million and output-per-million (0 for free)");
		}
		try {
			return new Price(entry.inputPerMillion(), entry.outputPerMillion(), entry.currency());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(PREFIX + "." + key + ": " + ex.getMessage(), ex);
		}
	}

	/** The price of a model reference; null when it has none (its turns have no cost). */
	public @Nullable Price of(String model) {
		return this.prices.get(model);
	}

	/** Every price, by model reference. */
	public Map<String, Price> all() {
		return this.prices;
	}

}
