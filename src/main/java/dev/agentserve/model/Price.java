package dev.agentserve.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * What one model costs ({@code agentserve.models.prices}, see {@link PriceProperties}).
 *
 * @param inputPerMillion price of one million input (prompt) tokens
 * @param outputPerMillion price of one million output tokens; reasoning tokens are output
 * tokens, as the providers bill them
 * @param currency ISO 4217 code, upper case
 */
public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion, String currency) {

	/**
	 * Costs are kept to this many decimal places (nano-units of the currency), rounded
	 * half up once per turn.
	 */
	public static final int SCALE = 9;

	private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

	public Price {
		if (inputPerMillion == null || outputPerMillion == null) {
			throw new IllegalArgumentException("a price needs input-per-million and output-per-million");
		}
		if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
			throw new IllegalArgumentException("prices must not be negative");
		}
		if (!CODE.matcher(currency).matches() || !isIsoCode(currency)) {
			throw new IllegalArgumentException(
					"currency '" + currency + "' is no ISO 4217 code (three upper-case letters, e.g. USD, EUR)");
		}
	}

	/**
	 * The cost of the tokens, exact then rounded half up to {@link #SCALE} decimal
	 * places.
	 */
	public BigDecimal cost(long inputTokens, long outputTokens) {
		BigDecimal exact = this.inputPerMillion.multiply(BigDecimal.valueOf(inputTokens))
			.add(this.outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)));
		return exact.movePointLeft(6).setScale(SCALE, RoundingMode.HALF_UP);
	}

	private static boolean isIsoCode(String code) {
		try {
			Currency.getInstance(code);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
