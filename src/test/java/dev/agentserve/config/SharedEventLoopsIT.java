package dev.agentserve.config;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis replies arrive on the HTTP server's event loops, so the code a reply resumes (and
 * the SSE frame it writes) runs where the client's connection lives, without a hop to
 * another thread; and those loops are the context's own, so another context that closes
 * in the same JVM leaves this one serving.
 */
class SharedEventLoopsIT extends IntegrationTest {

	@Autowired
	private ReactorResourceFactory resources;

	@Test
	void redisRepliesArriveOnTheServersEventLoops() {
		String key = "shared-loops:" + UUID.randomUUID();
		Boolean onServerLoop = this.redis.opsForValue()
			.set(key, "v", Duration.ofMinutes(1))
			.map((ignored) -> onServerLoop())
			.block(Duration.ofSeconds(10));
		assertThat(onServerLoop).as("reply on a thread of the server's loops, not one of Lettuce's own").isTrue();
	}

	@Test
	void anotherContextClosingLeavesThisOneServing() {
		ConfigurableApplicationContext other = Replicas.start("other-loops:", "other");
		Sessions.create(Replicas.http(other), Map.of("agentType", "assistant"));
		other.close();

		Sessions.chat(this.http, Sessions.createId(this.http), "What is 2+2?");
	}

	private boolean onServerLoop() {
		for (EventExecutor loop : this.resources.getLoopResources().onServer(LoopResources.DEFAULT_NATIVE)) {
			if (loop.inEventLoop()) {
				return true;
			}
		}
		return false;
	}

}
