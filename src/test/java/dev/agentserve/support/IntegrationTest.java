package dev.agentserve.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A full server on a random port against the real test Redis ({@link TestRedis}). Every
 * subclass shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestModelsConfiguration.class)
public abstract class IntegrationTest {

	@LocalServerPort
	private int port;

	@Autowired
	protected ReactiveStringRedisTemplate redis;

	protected WebTestClient http;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("agentserve.redis.key-prefix", () -> TestRedis.KEY_PREFIX);
	}

	@BeforeEach
	void httpClient() {
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
