package dev.agentserve.event;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A cost's wire form and its exact nano-unit arithmetic. */
class CostTests {

	@Test
	void amountIsAPlainDecimalStringWithoutTrailingZeros() {
		assertThat(Cost.of(new BigDecimal("0.000000100"), "USD").amount()).isEqualTo("0.0000001");
		assertThat(Cost.of(new BigDecimal("1E-9"), "USD").amount()).isEqualTo("0.000000001");
		assertThat(Cost.of(new BigDecimal("2.50"), "EUR").amount()).isEqualTo("2.5");
		assertThat(Cost.of(new BigDecimal("0E-9"), "EUR").amount()).isEqualTo("0");
		assertThat(Cost.of(new BigDecimal("1E+3"), "EUR").amount()).isEqualTo("1000");
	}

	@Test
	void nanoUnitsRoundTrip() {
		Cost cost = Cost.of(new BigDecimal("0.0005253"), "USD");

		assertThat(cost.nanos()).isEqualTo(525_300L);
		assertThat(Cost.ofNanos(525_300L, "USD")).isEqualTo(cost);
		assertThat(cost.plus(Cost.ofNanos(1, "USD")).amount()).isEqualTo("0.000525301");
		assertThatIllegalArgumentException().isThrownBy(() -> cost.plus(Cost.ofNanos(1, "EUR")));
	}

	@Test
	void jsonHasTheAmountAsAStringAndTheCurrency() {
		String json = JsonMapper.builder().build().writeValueAsString(Cost.of(new BigDecimal("1E-7"), "USD"));

		assertThat(json).isEqualTo("{\"amount\":\"0.0000001\",\"currency\":\"USD\"}");
	}

	@Test
	void doneCarriesCostOnlyWhenPriced() {
		JsonMapper json = JsonMapper.builder().build();

		assertThat(json.writeValueAsString(new TurnEvent.Done("hi", 1, TokenUsage.NONE, 5))).doesNotContain("cost");
		String priced = json
			.writeValueAsString(new TurnEvent.Done("hi", 1, TokenUsage.NONE, 5, Cost.ofNanos(20_000_000, "EUR")));
		assertThat(priced).contains("\"cost\":{\"amount\":\"0.02\",\"currency\":\"EUR\"}");
		assertThat(json.readValue(priced, TurnEvent.class))
			.isEqualTo(new TurnEvent.Done("hi", 1, TokenUsage.NONE, 5, Cost.ofNanos(20_000_000, "EUR")));
	}

}
