package dev.agentserve.config;

import java.util.Map;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server's event loops are the context's own, so another context that closes in the
 * same JVM leaves this one serving.
 */
class ServerLoopsIT extends IntegrationTest {

	@Test
	void anotherContextClosingLeavesThisOneServing() {
		ConfigurableApplicationContext other = Replicas.start("other-loops:", "other");
		Sessions.create(Replicas.http(other), Map.of("agentType", "assistant"));
		other.close();

		Sessions.chat(this.http, Sessions.createId(this.http), "What is 2+2?");
	}

}
