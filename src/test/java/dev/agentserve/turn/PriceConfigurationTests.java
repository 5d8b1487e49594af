package dev.agentserve.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.agentserve.agent.AgentProperties;
import dev.agentserve.model.Price;
import dev.agentserve.model.PriceProperties;
import dev.agentserve.model.PriceTable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How prices and spending limits bind from YAML and from environment variables (through
 * Spring's own environment-variable mapping), and that configuration which binds nothing
 * fails the start.
 */
class PriceConfigurationTests {

	private static final String AGENTS = """
			agentserve:
			  agents:
			    mini:
			      model: openai:gpt-4o-mini
			    local:
			      model: demo
			""";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PricesConfiguration.class);

	@Test
	void yamlKeysWithAColonNeedBracketsOrAModelField() {
		yaml(AGENTS + """
				  models:
				    prices:
				      "[openai:gpt-4o-mini]":
				        input-per-million: 0.15
				        output-per-million: 0.60
				      demo:
				        input-per-million: 0
				        output-per-million: 0.000001
				        currency: EUR
				""").run((context) -> {
			PriceTable prices = context.getBean(PriceTable.class);
			// YAML reads 0.60 as a number: 0.6.
			assertThat(prices.of("openai:gpt-4o-mini"))
				.isEqualTo(new Price(new BigDecimal("0.15"), new BigDecimal("0.6"), "USD"));
			assertThat(prices.of("demo").currency()).isEqualTo("EUR");
		});
		yaml(AGENTS + """
				  models:
				    prices:
				      mini:
				        model: openai:gpt-4o-mini
				        input-per-million: 0.15
				        output-per-million: 0.60
				""")
			.run((context) -> assertThat(context.getBean(PriceTable.class).of("openai:gpt-4o-mini")).isNotNull());
	}

	@Test
	void aYamlKeyWithAColonButNoBracketsFailsTheStart() {
		// Spring drops the ':' of an unbracketed key: the price is for a model no agent
		// uses.
		assertFailure(yaml(AGENTS + """
				  models:
				    prices:
				      openai:gpt-4o-mini:
				        input-per-million: 0.15
				        output-per-million: 0.60
				"""), "which no agent uses");
	}

	/**
	 * The environment variables of the README's section, read from the README itself,
	 * over the shipped {@code application.yaml}.
	 */
	@Test
	void environmentVariablesAsTheReadmeShowsThem() throws IOException {
		Map<String, String> variables = readmeVariables();
		assertThat(variables).containsKeys("AGENT_MODEL", "AGENTSERVE_LIMITS_USERDAILYCOST_USD");
		this.runner.withInitializer((context) -> load(context, new ClassPathResource("application.yaml")))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PriceTable.class).of("openai:gpt-4o-mini"))
					.isEqualTo(new Price(new BigDecimal("0.15"), new BigDecimal("0.60"), "USD"));
				assertThat(context.getBean(SpendingProperties.class).dailyBudget("USD")).isEqualByComparingTo("5");
				assertThat(context.getBean(AgentProperties.class).agents().get("assistant")).satisfies((assistant) -> {
					assertThat(assistant.model()).isEqualTo("openai:gpt-4o-mini");
					assertThat(assistant.costBudget()).isEqualByComparingTo("0.50");
				});
			});
	}

	/** The {@code NAME=value} lines of the README's section on prices. */
	private static Map<String, String> readmeVariables() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		String section = readme.substring(readme.indexOf("## Prices and spending budgets"));
		String block = section.substring(section.indexOf("```sh") + 5);
		block = block.substring(0, block.indexOf("```"));
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : block.strip().split("\n")) {
			int equals = line.indexOf('=');
			variables.put(line.substring(0, equals), line.substring(equals + 1));
		}
		return variables;
	}

	@Test
	void environmentVariablesWithDashesSpeltAsUnderscoresFailTheStart() {
		assertFailure(
				env(Map.of("AGENTSERVE_AGENTS_LOCAL_MODEL", "demo", "AGENTSERVE_MODELS_PRICES_DEMO_INPUT_PER_MILLION",
						"0.15", "AGENTSERVE_MODELS_PRICES_DEMO_OUTPUTPERMILLION", "0.60")),
				"bind nothing");
		assertFailure(
				env(Map.of("AGENTSERVE_AGENTS_LOCAL_MODEL", "demo", "AGENTSERVE_MODELS_PRICES_DEMO_INPUTPERMILLION",
						"0.15", "AGENTSERVE_MODELS_PRICES_DEMO_OUTPUTPERMILLION", "0.60",
						"AGENTSERVE_LIMITS_USER_DAILY_COST_USD", "5")),
				"USERDAILYCOST");
		// A model reference cannot be a variable's key: OPENAI_GPT_4O_MINI is read as a
		// key "openai" with the unknown field gpt.4o.mini.inputpermillion.
		assertFailure(env(Map.of("AGENTSERVE_AGENTS_MINI_MODEL", "openai:gpt-4o-mini",
				"AGENTSERVE_MODELS_PRICES_OPENAI_GPT_4O_MINI_INPUTPERMILLION", "0.15")), "bind nothing");
	}

	@Test
	void invalidPricesAndLimitsFailTheStart() {
		String demo = AGENTS + """
				  models:
				    prices:
				      demo:
				        input-per-million: %s
				        output-per-million: 1
				        currency: %s
				""";
		assertFailure(yaml(demo.formatted("-1", "USD")), "negative");
		assertFailure(yaml(demo.formatted("1", "usd")), "ISO 4217");
		assertFailure(yaml(demo.formatted("1", "ABC")), "ISO 4217");
		assertFailure(yaml(AGENTS + """
				  models:
				    prices:
				      demo:
				        input-per-milion: 1
				        output-per-million: 1
				"""), "bind nothing");
		assertFailure(yaml(AGENTS + """
				  models:
				    prices:
				      demo:
				        output-per-million: 1
				"""), "prices.demo needs input-per-million");
		assertFailure(yaml(AGENTS + """
				  models:
				    prices:
				      a:
				        model: " "
				        input-per-million: 1
				        output-per-million: 1
				"""), "model must not be blank");
		assertFailure(yaml(demo.formatted("1", "USD") + """
				  limits:
				    user-daily-cost:
				      EUR: 5
				"""), "no price uses");
		assertFailure(yaml(demo.formatted("1", "USD") + """
				  limits:
				    user-daily-cost:
				      USD: 0
				"""), "must be positive");
		assertFailure(yaml(AGENTS + """
				  models:
				    prices:
				      a:
				        model: demo
				        input-per-million: 1
				        output-per-million: 1
				      demo:
				        input-per-million: 2
				        output-per-million: 2
				"""), "twice");
	}

	@Test
	void aCostBudgetWithoutAPriceFailsTheStart() {
		assertFailure(yaml(AGENTS + """
				    budgeted:
				      model: demo
				      cost-budget: 1
				"""), "has no price");
		assertFailure(yaml(AGENTS + """
				    budgeted:
				      model: demo
				      cost-budget: -1
				"""), "costBudget must not be negative");
	}

	@Test
	void noPricesIsFine() {
		yaml(AGENTS).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(PriceTable.class).all()).isEmpty();
		});
	}

	private static void assertFailure(ApplicationContextRunner runner, String message) {
		runner.run((AssertableApplicationContext context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining(message));
	}

	private ApplicationContextRunner yaml(String yaml) {
		return this.runner.withInitializer(
				(context) -> load(context, new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml")));
	}

	private static void load(ConfigurableApplicationContext context, Resource yaml) {
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(yaml.getDescription(), yaml)) {
				context.getEnvironment().getPropertySources().addFirst(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ApplicationContextRunner env(Map<String, String> variables) {
		return this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.copyOf(variables))));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AgentProperties.class, PriceProperties.class, SpendingProperties.class })
	@Import(PriceTable.class)
	static class PricesConfiguration {

		/** What {@link SpendingPolicy} checks at start-up. */
		@Bean
		String spendingCheck(AgentProperties agents, PriceTable prices, SpendingProperties limits,
				Environment environment) {
			SpendingPolicy.check(agents.agents(), prices, limits, environment);
			return "checked";
		}

	}

}
