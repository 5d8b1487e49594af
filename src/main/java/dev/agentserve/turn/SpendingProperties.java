package dev.agentserve.turn;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Spending limits across sessions.
 *
 * @param userDailyCost what one user may spend per UTC day, by ISO 4217 currency
 * ({@code agentserve.limits.user-daily-cost.USD: 5}); spend in a currency without an
 * entry is not limited
 */
@ConfigurationProperties("agentserve.limits")
public record SpendingProperties(@DefaultValue Map<String, BigDecimal> userDailyCost) {

	public SpendingProperties {
		Map<String, BigDecimal> byCurrency = new TreeMap<>();
		userDailyCost.forEach((currency, amount) -> {
			if (amount.signum() <= 0) {
				throw new IllegalArgumentException(
						"agentserve.limits.user-daily-cost." + currency + " must be positive (omit it for no limit)");
			}
			byCurrency.put(currency.toUpperCase(Locale.ROOT), amount);
		});
		userDailyCost = Map.copyOf(byCurrency);
	}

	/** The daily budget in a currency; zero for none. */
	BigDecimal dailyBudget(String currency) {
		return this.userDailyCost.getOrDefault(currency, BigDecimal.ZERO);
	}

}
