package dev.agentserve.config;

import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build runs the configuration processor (javac 23+ runs none from the class path
 * unless told), so IDEs complete and document every {@code agentserve.*} property.
 */
class ConfigurationMetadataTests {

	@Test
	void everyAgentserveGroupIsDescribed() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("META-INF/spring-configuration-metadata.json on the class path").isNotNull();
			metadata = JsonMapper.builder().build().readTree(in);
		}
		assertThat(metadata.path("groups").findValuesAsString("name")).contains("agentserve.turns",
				"agentserve.sessions", "agentserve.security", "agentserve.tools", "agentserve.limits",
				"agentserve.websocket", "agentserve.models");
		JsonNode maxConcurrent = null;
		for (JsonNode property : metadata.path("properties")) {
			assertThat(property.path("description").asString()).as(property.path("name").asString()).isNotBlank();
			if (property.path("name").asString().equals("agentserve.turns.max-concurrent")) {
				maxConcurrent = property;
			}
		}
		assertThat(maxConcurrent).isNotNull();
	}

}
