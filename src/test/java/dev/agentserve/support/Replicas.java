package dev.agentserve.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.agentserve.AgentserveApplication;
import dev.agentserve.model.ScriptedModel;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Whole agentserve replicas started in the test JVM on the test Redis, each with its own
 * port, Netty resources and scripted model, sharing a key prefix: a deployment in
 * miniature.
 */
public final class Replicas {

	private Replicas() {
	}

	/** Starts a replica with a {@code scripted} agent type and short turn timings. */
	public static ConfigurableApplicationContext start(String keyPrefix, String name, String... extraArgs) {
		return startOn(TestRedis.url(), keyPrefix, name, extraArgs);
	}

	/**
	 * Starts a replica on the Redis at {@code redisUrl}; an extra argument replaces the
	 * default of the same property.
	 */
	public static ConfigurableApplicationContext startOn(String redisUrl, String keyPrefix, String name,
			String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.data.redis.url=" + redisUrl,
				"--agentserve.redis.key-prefix=" + keyPrefix, "--agentserve.instance-id=" + name,
				"--agentserve.turns.lease=2s", "--agentserve.turns.reap-interval=300ms",
				"--agentserve.turns.cancel-poll=200ms", "--agentserve.agents.scripted.model=scripted",
				"--agentserve.agents.scripted.tools=calculator", "--agentserve.agents.scripted.turn-timeout=60s"));
		for (String extra : extraArgs) {
			String property = extra.substring(0, extra.indexOf('=') + 1);
			args.removeIf((arg) -> arg.startsWith(property));
			args.add(extra);
		}
		// Each replica owns its event loops (ServerLoops), so stopping one leaves the
		// others serving.
		return new SpringApplicationBuilder(AgentserveApplication.class, TestModelsConfiguration.class)
			.run(args.toArray(String[]::new));
	}

	public static ScriptedModel model(ConfigurableApplicationContext replica) {
		return replica.getBean(ScriptedModel.class);
	}

	public static String url(ConfigurableApplicationContext replica) {
		return "http://localhost:" + replica.getEnvironment().getProperty("local.server.port");
	}

	public static WebTestClient http(ConfigurableApplicationContext replica) {
		return WebTestClient.bindToServer().baseUrl(url(replica)).responseTimeout(Duration.ofSeconds(20)).build();
	}

}
