package dev.agentserve.config;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts an embedded redis-server, prints its port, and waits to be killed.
 */
public final class EmbeddedRedisProbe {

	private EmbeddedRedisProbe() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedRedis redis = EmbeddedRedis.start();
		System.out.println("EMBEDDED-REDIS port=" + redis.port());
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
