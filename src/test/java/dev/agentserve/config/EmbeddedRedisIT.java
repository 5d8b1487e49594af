package dev.agentserve.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import dev.agentserve.AgentserveApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With no Redis configured anywhere, the service starts its own and says it is not
 * durable.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRedisIT {

	@Test
	void serviceStartsAnEmbeddedRedisWhenNoneIsConfigured(CapturedOutput output) {
		StandardEnvironment environment = new StandardEnvironment();
		// Hide the machine's REDIS_URL (CI sets it) so the application sees no Redis at
		// all.
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		SpringApplication application = new SpringApplication(AgentserveApplication.class);
		application.setEnvironment(environment);
		int redisPort;
		try (ConfigurableApplicationContext context = application.run("--server.port=0")) {
			EmbeddedRedis redis = context.getBean(EmbeddedRedis.class);
			redisPort = redis.port();
			assertThat(listening(redisPort)).isTrue();
			assertThat(output).containsOnlyOnce("embedded redis-server").contains("NOT durable");

			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
			http.post()
				.uri("/sessions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("agentType", "assistant"))
				.exchange()
				.expectStatus()
				.isCreated();
			http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		}
		int stopped = redisPort;
		await().atMost(Duration.ofSeconds(10)).until(() -> !listening(stopped));
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
