package dev.agentserve.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * An embedded {@code redis-server} process on a free loopback port, with persistence off.
 */
public final class EmbeddedRedis {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

	private static final String HOST = "127.0.0.1";

	private static final int ATTEMPTS = 3;

	private final RedisServer server;

	private final int port;

	private EmbeddedRedis(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server on a free port; retries when another process takes the port first.
	 */
	public static EmbeddedRedis start() {
		IOException last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = freePort();
			try {
				EmbeddedRedis redis = startOn(port);
				log.warn("No Redis configured (REDIS_URL unset): started an embedded redis-server on {}:{}. "
						+ "Its data is NOT durable and is lost when the service stops; set REDIS_URL in production.",
						HOST, port);
				return redis;
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new UncheckedIOException("Could not start an embedded redis-server", last);
	}

	/** Starts a server on the given port. */
	public static EmbeddedRedis startOn(int port) throws IOException {
		RedisServer server = RedisServer.newRedisServer()
			.bind(HOST)
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.onShutdownForceStop(true)
			.build();
		server.start();
		return new EmbeddedRedis(server, port);
	}

	public String host() {
		return HOST;
	}

	public int port() {
		return this.port;
	}

	public void stop() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			log.warn("Embedded redis-server on port {} did not stop cleanly", this.port, ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
