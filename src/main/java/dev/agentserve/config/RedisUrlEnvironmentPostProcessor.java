package dev.agentserve.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Maps the deployment-friendly {@code REDIS_URL} onto {@code spring.data.redis.url}.
 * Spring's own property wins when both are set. Runs after the config files are loaded
 * (lowest precedence), so {@link NoRedisConfiguredCondition} sees the final answer.
 */
public class RedisUrlEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String REDIS_URL = "REDIS_URL";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty(REDIS_URL);
		if (StringUtils.hasText(url) && !environment.containsProperty("spring.data.redis.url")) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("agentserveRedisUrl", Map.of("spring.data.redis.url", url.trim())));
		}
	}

}
