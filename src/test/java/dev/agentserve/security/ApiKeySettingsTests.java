package dev.agentserve.security;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySettingsTests {

	private static final String HASH = "sha256:" + "ab".repeat(32);

	@Test
	void theDocumentedVariableBecomesTheUsersProperty() {
		assertThat(ApiKeySettings.fromEnvironmentVariables(Map.of("AGENTSERVE_SECURITY_API_KEYS_ALICE", HASH,
				"AGENTSERVE_SECURITY_API_KEYS_BOB_SMITH", HASH, "OTHER", "x")))
			.containsOnly(Map.entry("agentserve.security.api-keys.alice", HASH),
					Map.entry("agentserve.security.api-keys.bob_smith", HASH));
	}

	@Test
	void variablesThatConfigureACallerAreAccepted() {
		assertThat(ApiKeySettings.ineffective(withVariables(Map.of("AGENTSERVE_SECURITY_API_KEYS_ALICE", HASH,
				"AGENTSERVE_SECURITY_APIKEYS_BOB", HASH, "AGENTSERVE_SECURITY_CORS_ALLOWED_ORIGINS", "x"))))
			.isEmpty();
	}

	@Test
	void propertiesThatConfigureACallerAreAccepted() {
		StandardEnvironment environment = withVariables(Map.of());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("args", Map.of("agentserve.security.api-keys.alice", HASH,
					"agentserve.security.apiKeys.bob", HASH, "agentserve.security.api-keys[carol]", HASH)));
		assertThat(ApiKeySettings.ineffective(environment)).isEmpty();
	}

	@Test
	void misspeltUserlessAndEmptySettingsAreCaught() {
		StandardEnvironment environment = withVariables(Map.of("AGENTSERVE_SECURITY_APIKEYS", HASH,
				"AGENTSERVE_SECURITY_API_KEY_ALICE", HASH, "AGENTSERVE_SECURITY_API_KEYS_BOB", "",
				"AGENTSERVE_SECURITY_KEYS_DAN", HASH, "AGENTSERVE_SECURITY_API_KEYS", HASH));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("args", Map.of("agentserve.security.api-key.carol", HASH,
					"agentserve.security.api-keys.erin", " ", "agentserve.security.apikey", HASH)));
		assertThat(ApiKeySettings.ineffective(environment)).containsExactlyInAnyOrder("AGENTSERVE_SECURITY_APIKEYS",
				"AGENTSERVE_SECURITY_API_KEY_ALICE", "AGENTSERVE_SECURITY_API_KEYS_BOB", "AGENTSERVE_SECURITY_KEYS_DAN",
				"AGENTSERVE_SECURITY_API_KEYS", "agentserve.security.api-key.carol",
				"agentserve.security.api-keys.erin", "agentserve.security.apikey");
	}

	private static StandardEnvironment withVariables(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

}
