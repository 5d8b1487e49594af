package dev.agentserve.agent;

import java.math.BigDecimal;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.Price;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a turn's cost crosses a spending budget. */
class SpendingTests {

	/** 10 input + 5 output tokens cost 0.02. */
	private static final Price PRICE = new Price(new BigDecimal("1000"), new BigDecimal("2000"), "USD");

	private static final TokenUsage ROUND = new TokenUsage(10, 5, 0);

	@Test
	void aModelWithoutAPriceHasNoCostAndNoBudget() {
		assertThat(Spending.NONE.cost(ROUND)).isNull();
		assertThat(Spending.NONE.exceeded(new TokenUsage(1_000_000_000, 1_000_000_000, 0))).isNull();
	}

	@Test
	void theSessionBudgetIsCrossedWhenTheSpendGoesOverIt() {
		Spending spending = new Spending(PRICE, new BigDecimal("0.01"), new BigDecimal("0.03"), BigDecimal.ZERO,
				BigDecimal.ZERO);

		assertThat(spending.cost(ROUND).amount()).isEqualTo("0.02");
		assertThat(spending.exceeded(ROUND)).as("0.01 + 0.02 reaches 0.03 but is not over it").isNull();
		assertThat(spending.exceeded(ROUND.plus(1, 0, 0))).contains("cost budget of 0.03 USD");
	}

	@Test
	void theDailyBudgetCountsWhatTheUserSpentBefore() {
		Spending spending = new Spending(PRICE, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.04"),
				new BigDecimal("0.05"));

		assertThat(spending.exceeded(new TokenUsage(5, 0, 0))).isNull();
		assertThat(spending.exceeded(ROUND)).contains("daily cost budget of 0.05 USD");
	}

	@Test
	void zeroBudgetsMeanNoLimit() {
		Spending spending = new Spending(PRICE, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("100"),
				BigDecimal.ZERO);

		assertThat(spending.exceeded(new TokenUsage(1_000_000, 1_000_000, 0))).isNull();
	}

}
