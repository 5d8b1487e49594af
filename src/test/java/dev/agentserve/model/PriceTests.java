package dev.agentserve.model;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The price math: exact, then rounded half up to nano-units once per turn. */
class PriceTests {

	@Test
	void costIsTokensTimesPricePerMillion() {
		Price price = new Price(new BigDecimal("0.15"), new BigDecimal("0.60"), "USD");

		assertThat(price.cost(1234, 567)).isEqualByComparingTo("0.0005253");
		assertThat(price.cost(0, 0)).isEqualByComparingTo("0");
		assertThat(price.cost(1_000_000, 1_000_000)).isEqualByComparingTo("0.75");
	}

	@Test
	void costIsExactBeforeItIsRoundedHalfUpToNineDecimals() {
		Price price = new Price(new BigDecimal("0.0005"), new BigDecimal("0.0004"), "USD");

		// 0.0005 per million tokens: one token costs 5e-10, which rounds up to 1e-9.
		assertThat(price.cost(1, 0)).isEqualTo(new BigDecimal("0.000000001"));
		assertThat(price.cost(0, 1)).isEqualTo(new BigDecimal("0.000000000"));
		// Summed before rounding: 3 x 5e-10 = 1.5e-9 rounds to 2e-9, not 3 x 1e-9.
		assertThat(price.cost(3, 0)).isEqualTo(new BigDecimal("0.000000002"));
		assertThat(price.cost(1, 0).scale()).isEqualTo(Price.SCALE);
	}

	@Test
	void largeUsageStaysExact() {
		Price price = new Price(new BigDecimal("3"), new BigDecimal("15"), "USD");

		assertThat(price.cost(Integer.MAX_VALUE, Integer.MAX_VALUE))
			.isEqualByComparingTo(new BigDecimal(Integer.MAX_VALUE).multiply(new BigDecimal(18)).movePointLeft(6));
	}

	@Test
	void invalidPricesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Price(new BigDecimal("-0.1"), BigDecimal.ONE, "USD"))
			.withMessageContaining("negative");
		assertThatIllegalArgumentException().isThrownBy(() -> new Price(BigDecimal.ONE, null, "USD"))
			.withMessageContaining("output-per-million");
		assertThatIllegalArgumentException().isThrownBy(() -> new Price(BigDecimal.ONE, BigDecimal.ONE, "usd"))
			.withMessageContaining("ISO 4217");
		assertThatIllegalArgumentException().isThrownBy(() -> new Price(BigDecimal.ONE, BigDecimal.ONE, "XYZ"))
			.withMessageContaining("ISO 4217");
	}

}
