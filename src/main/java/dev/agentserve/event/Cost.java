package dev.agentserve.event;

import java.math.BigDecimal;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a turn or a session cost: {@code amount} is a decimal string (e.g.
 * {@code "0.00042"}, never in exponent form) so no JSON number rounds it, in
 * {@code currency} (ISO 4217).
 */
public record Cost(String amount, String currency) {

	/** Costs are kept in nano-units of their currency. */
	public static final int SCALE = 9;

	public Cost {
		Objects.requireNonNull(currency, "currency");
		amount = new BigDecimal(amount).stripTrailingZeros().toPlainString();
	}

	public static Cost of(BigDecimal amount, String currency) {
		return new Cost(amount.toPlainString(), currency);
	}

	/** A cost kept as a whole number of nano-units (how Redis adds them up exactly). */
	public static Cost ofNanos(long nanos, String currency) {
		return of(BigDecimal.valueOf(nanos, SCALE), currency);
	}

	@JsonIgnore
	public BigDecimal value() {
		return new BigDecimal(this.amount);
	}

	/** The amount in nano-units, rounded half up. */
	@JsonIgnore
	public long nanos() {
		return value().setScale(SCALE, java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
	}

	public Cost plus(Cost other) {
		if (!this.currency.equals(other.currency)) {
			throw new IllegalArgumentException("Cannot add " + other.currency + " to " + this.currency);
		}
		return of(value().add(other.value()), this.currency);
	}

}
