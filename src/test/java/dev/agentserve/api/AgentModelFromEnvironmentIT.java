package dev.agentserve.api;

import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code AGENT_MODEL} picks the default agent's model without touching configuration
 * files.
 */
@TestPropertySource(properties = "AGENT_MODEL=fake-openai:gpt-4o-mini")
class AgentModelFromEnvironmentIT extends IntegrationTest {

	@Test
	void agentModelSetsTheAssistantsModel() {
		this.http.get()
			.uri("/agents")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.agents[?(@.name == 'assistant')].model")
			.isEqualTo("fake-openai:gpt-4o-mini");
	}

}
