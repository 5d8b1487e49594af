package dev.agentserve.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.agentserve.AgentserveApplication;
import dev.agentserve.model.ScriptedModel;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
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

	/** Starts a replica as {@link #start} does, on the Redis at {@code redisUrl}. */
	public static ConfigurableApplicationContext startOn(String redisUrl, String keyPrefix, String name,
			String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.data.redis.url=" + redisUrl,
				"--agentserve.redis.key-prefix=" + keyPrefix, "--agentserve.instance-id=" + name,
				"--agentserve.turns.lease=2s", "--agentserve.turns.reap-interval=300ms",
				"--agentserve.turns.cancel-poll=200ms", "--agentserve.agents.scripted.model=scripted",
				"--agentserve.agents.scripted.tools=calculator", "--agentserve.agents.scripted.turn-timeout=60s"));
		args.addAll(List.of(extraArgs));
		return new SpringApplicationBuilder(AgentserveApplication.class, TestModelsConfiguration.class,
				OwnNettyResources.class)
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

	/**
	 * Each replica owns its Netty resources, so stopping one leaves the others serving.
	 * Not a {@code @Configuration}: component scanning must not find it; it is passed as
	 * a source.
	 */
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

}
