package dev.agentserve.agent;

import java.math.BigDecimal;
import java.util.Objects;

import dev.agentserve.event.Cost;
import dev.agentserve.event.TokenUsage;
import dev.agentserve.model.Price;
import org.jspecify.annotations.Nullable;

/**
 * What a turn may spend, as known when it was admitted: its model's price, what the
 * session and the user's day had spent before it, and their budgets (zero: none). The
 * loop checks the budgets after every model round against these plus the turn's own cost;
 * turns of one user running at the same time do not see each other's cost until they end.
 *
 * @param price null when the model has no price: the turn then has no cost and no
 * spending budget applies
 */
public record Spending(@Nullable Price price, BigDecimal sessionSpent, BigDecimal sessionBudget, BigDecimal daySpent,
		BigDecimal dayBudget) {

	/** A turn of a model without a price. */
	public static final Spending NONE = new Spending(null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
			BigDecimal.ZERO);

	public Spending {
		Objects.requireNonNull(sessionSpent, "sessionSpent");
		Objects.requireNonNull(sessionBudget, "sessionBudget");
		Objects.requireNonNull(daySpent, "daySpent");
		Objects.requireNonNull(dayBudget, "dayBudget");
	}

	/** What the tokens cost; null without a price. */
	public @Nullable Cost cost(TokenUsage usage) {
		if (this.price == null) {
			return null;
		}
		return Cost.of(this.price.cost(usage.inputTokens(), usage.outputTokens()), this.price.currency());
	}

	/**
	 * Why a turn that has used {@code usage} so far must stop; null while it is within
	 * its budgets. A budget is crossed when the spend goes over it.
	 */
	public @Nullable String exceeded(TokenUsage usage) {
		Cost cost = cost(usage);
		if (cost == null) {
			return null;
		}
		if (over(this.sessionSpent, this.sessionBudget, cost)) {
			return "The session used its cost budget of " + this.sessionBudget.toPlainString() + " " + cost.currency()
					+ " (agentserve.agents.<type>.cost-budget)";
		}
		if (over(this.daySpent, this.dayBudget, cost)) {
			return "You used your daily cost budget of " + this.dayBudget.toPlainString() + " " + cost.currency()
					+ " (agentserve.limits.user-daily-cost)";
		}
		return null;
	}

	private static boolean over(BigDecimal spent, BigDecimal budget, Cost turn) {
		return budget.signum() > 0 && spent.add(turn.value()).compareTo(budget) > 0;
	}

}
