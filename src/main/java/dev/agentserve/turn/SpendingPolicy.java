package dev.agentserve.turn;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.agent.AgentSpec;
import dev.agentserve.agent.Spending;
import dev.agentserve.event.Cost;
import dev.agentserve.model.Price;
import dev.agentserve.model.PriceTable;
import dev.agentserve.model.UnboundProperties;
import dev.agentserve.session.Session;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Prices and spending budgets around a turn: checks at start-up that every price, budget
 * and limit binds to something (a price for a model no agent uses is a misspelt key, not
 * an intention), snapshots what a turn may spend when it is admitted, and records what it
 * cost once it has ended (the {@code agentserve.cost} counter and the user's spend of the
 * day).
 */
@Component
@Lazy(false)
class SpendingPolicy {

	private static final Logger log = LoggerFactory.getLogger(SpendingPolicy.class);

	private static final String DAILY = "agentserve.limits.user-daily-cost";

	private final PriceTable prices;

	private final SpendingProperties limits;

	private final DailySpend daily;

	private final MeterRegistry meters;

	private final Clock clock;

	SpendingPolicy(AgentCatalog agents, PriceTable prices, SpendingProperties limits, DailySpend daily,
			MeterRegistry meters, Clock clock, Environment environment) {
		this.prices = prices;
		this.limits = limits;
		this.daily = daily;
		this.meters = meters;
		this.clock = clock;
		check(agents.all(), prices, limits, environment);
	}

	/**
	 * What a turn of {@code session} may spend; fails with
	 * {@link SpendingExhaustedException} when a budget is used up already.
	 */
	Mono<Spending> admit(Session session, AgentSpec spec, String userId) {
		Price price = this.prices.of(spec.model());
		if (price == null) {
			return Mono.just(Spending.NONE);
		}
		Cost spent = session.cost();
		BigDecimal sessionSpent = (spent != null && spent.currency().equals(price.currency())) ? spent.value()
				: BigDecimal.ZERO;
		if (spec.costBudget().signum() > 0 && sessionSpent.compareTo(spec.costBudget()) >= 0) {
			return Mono
				.error(new SpendingExhaustedException(
						"Session " + session.id() + " used its cost budget of " + spec.costBudget().toPlainString()
								+ " " + price.currency() + "; start a new session to continue",
						java.time.Duration.ZERO));
		}
		BigDecimal dayBudget = this.limits.dailyBudget(price.currency());
		if (dayBudget.signum() == 0) {
			return Mono.just(new Spending(price, sessionSpent, spec.costBudget(), BigDecimal.ZERO, BigDecimal.ZERO));
		}
		Instant now = this.clock.instant();
		return this.daily.spent(userId, price.currency(), now).map((daySpent) -> {
			if (daySpent.compareTo(dayBudget) >= 0) {
				throw new SpendingExhaustedException("You used your daily cost budget of " + dayBudget.toPlainString()
						+ " " + price.currency() + " (UTC day " + DailySpend.day(now) + ")",
						DailySpend.untilNextDay(now));
			}
			return new Spending(price, sessionSpent, spec.costBudget(), daySpent, dayBudget);
		});
	}

	/**
	 * Records what an ended turn cost: the counter always, the user's spend of the day
	 * when a daily budget in its currency is configured. A failed write is logged, never
	 * the turn's failure.
	 */
	Mono<Void> charge(String userId, String agentType, String model, @Nullable Cost cost) {
		if (cost == null) {
			return Mono.empty();
		}
		Counter.builder("agentserve.cost")
			.description("What turns cost at their model's price, in the currency tagged")
			.tags("agent", agentType, "model", model, "currency", cost.currency())
			.register(this.meters)
			.increment(cost.value().doubleValue());
		if (this.limits.dailyBudget(cost.currency()).signum() == 0) {
			return Mono.empty();
		}
		return this.daily.charge(userId, cost, this.clock.instant()).onErrorResume((ex) -> {
			log.warn("Could not add {} {} to the daily spend of a user: {}", cost.amount(), cost.currency(),
					ex.toString());
			return Mono.empty();
		});
	}

	/**
	 * Fails the start when a price, budget or limit binds to nothing: a price for a model
	 * no agent uses, a cost budget without a price, a daily limit in a currency no price
	 * uses, or a property Spring would ignore.
	 */
	static void check(Map<String, AgentSpec> agents, PriceTable prices, SpendingProperties limits,
			Environment environment) {
		Set<String> used = new TreeSet<>();
		agents.values().forEach((spec) -> used.add(spec.model()));
		prices.all().keySet().forEach((model) -> {
			if (!used.contains(model)) {
				throw new IllegalStateException("agentserve.models.prices prices '" + model
						+ "', which no agent uses (agents use " + used + "). In YAML a model with ':' needs brackets"
						+ " (\"[openai:gpt-4o-mini]\"); in environment variables name it in the entry's model field");
			}
		});
		agents.forEach((name, spec) -> {
			if (spec.costBudget().signum() > 0 && prices.of(spec.model()) == null) {
				throw new IllegalStateException("agentserve.agents." + name + ".cost-budget is set, but its model '"
						+ spec.model() + "' has no price in agentserve.models.prices");
			}
		});
		Set<String> currencies = new TreeSet<>();
		prices.all().values().forEach((price) -> currencies.add(price.currency()));
		limits.userDailyCost().keySet().forEach((currency) -> {
			if (!currencies.contains(currency)) {
				throw new IllegalStateException(
						DAILY + "." + currency + " limits a currency no price uses (prices use " + currencies + ")");
			}
		});
		UnboundProperties.check(environment, DAILY, (name) -> name.getNumberOfElements() == 4,
				DAILY + " takes one amount per currency: " + DAILY + ".USD=5 (AGENTSERVE_LIMITS_USERDAILYCOST_USD=5)");
		UnboundProperties.check(environment, "agentserve.limits.user", (name) -> false,
				"did you mean " + DAILY + "? (environment variable: AGENTSERVE_LIMITS_USERDAILYCOST_<CURRENCY>)");
	}

}
