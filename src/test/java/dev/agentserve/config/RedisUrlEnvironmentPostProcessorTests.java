package dev.agentserve.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlEnvironmentPostProcessorTests {

	private final RedisUrlEnvironmentPostProcessor processor = new RedisUrlEnvironmentPostProcessor();

	@Test
	void redisUrlBecomesSpringsRedisUrl() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", " redis://cache:6379 ");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://cache:6379");
	}

	@Test
	void springsOwnPropertyWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "redis://env:6379")
			.withProperty("spring.data.redis.url", "redis://explicit:6379");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.data.redis.url")).isEqualTo("redis://explicit:6379");
	}

	@Test
	void blankRedisUrlConfiguresNothing() {
		MockEnvironment environment = new MockEnvironment().withProperty("REDIS_URL", "  ");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("spring.data.redis.url")).isFalse();
	}

}
