package dev.agentserve.support;

import java.time.Duration;

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

	/**
	 * One fake model provider for every test context of the run (closed with the JVM).
	 */
	protected static final FakeProvider PROVIDER = new FakeProvider();

	@LocalServerPort
	private int port;

	@Autowired
	protected ReactiveStringRedisTemplate redis;

	protected WebTestClient http;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("agentserve.redis.key-prefix", () -> TestRedis.KEY_PREFIX);
		registry.add("agentserve.models.endpoints.fake-openai.base-url", () -> PROVIDER.baseUrl() + "/v1");
		registry.add("agentserve.models.endpoints.fake-failing.base-url", () -> PROVIDER.baseUrl() + "/v1");
		registry.add("agentserve.models.endpoints.fake-anthropic.base-url", PROVIDER::baseUrl);
	}

	@BeforeEach
	void httpClient() {
		// Generous: the machines that run CI lend their cores out (a fifth to a third of
		// the time stolen by the host was measured), and an answer late by seconds is not
		// the failure a test looks for; one that never comes still fails.
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
