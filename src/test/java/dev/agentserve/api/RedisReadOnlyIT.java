package dev.agentserve.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.agentserve.config.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A Redis that answers but cannot serve (a replica that refuses writes with
 * {@code READONLY}, or reads with {@code MASTERDOWN}, as after a failover) is a 503 with
 * {@code Retry-After}, like an unreachable one, never a 500. {@code RedisOutageIT} covers
 * the unreachable server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisReadOnlyIT {

	/** No master listens here: a replica of it never syncs. */
	private static final int NO_MASTER_PORT = 1;

	private static EmbeddedRedis redis;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@LocalServerPort
	private int port;

	private WebTestClient http;

	@BeforeAll
	static void startRedis() throws Exception {
		redis = EmbeddedRedis.startOn(freePort());
		client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		connection = client.connect();
	}

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://" + redis.host() + ":" + redis.port());
	}

	@AfterAll
	static void stopRedis() {
		connection.close();
		client.shutdown();
		redis.stop();
	}

	@BeforeEach
	void httpClient() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void aReplicaThatRefusesWritesOrReadsIsUnavailableNotAnError() {
		String sessionId = createSession().expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("sessionId")
			.toString();
		RedisCommands<String, String> redis = connection.sync();
		redis.replicaof("127.0.0.1", NO_MASTER_PORT);
		try {
			expectUnavailable(createSession());
			expectUnavailable(this.http.patch()
				.uri("/sessions/" + sessionId)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("ttlSeconds", 120))
				.exchange());

			redis.configSet("replica-serve-stale-data", "no");
			expectUnavailable(this.http.get().uri("/sessions/" + sessionId).exchange());
		}
		finally {
			redis.configSet("replica-serve-stale-data", "yes");
			redis.replicaofNoOne();
		}
		createSession().expectStatus().isCreated();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private WebTestClient.ResponseSpec createSession() {
		return this.http.post()
			.uri("/sessions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("agentType", "assistant"))
			.exchange();
	}

	private static void expectUnavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("unavailable")
			.jsonPath("$.status")
			.isEqualTo(503);
	}

}
