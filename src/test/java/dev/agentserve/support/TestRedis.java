package dev.agentserve.support;

import java.util.UUID;

import dev.agentserve.config.EmbeddedRedis;
import org.springframework.util.StringUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server the tests use, resolved once per JVM as DESIGN.md §5 says:
 * {@code REDIS_URL} when set, else a Testcontainers {@code redis:7} when Docker is
 * available, else an embedded {@code redis-server}. Never a mock.
 */
public final class TestRedis {

	/**
	 * A key prefix of this test run, so runs sharing one server never see each other's
	 * keys.
	 */
	public static final String KEY_PREFIX = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static String url;

	private TestRedis() {
	}

	public static synchronized String url() {
		if (url == null) {
			url = resolve();
		}
		return url;
	}

	private static String resolve() {
		String configured = System.getenv("REDIS_URL");
		if (StringUtils.hasText(configured)) {
			return configured.trim();
		}
		if (dockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
		}
		EmbeddedRedis embedded = EmbeddedRedis.start();
		Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop));
		return "redis://" + embedded.host() + ":" + embedded.port();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
