package dev.agentserve.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecurityEnvironmentPostProcessorTests {

	private static final String HASH = "sha256:" + "0f".repeat(32);

	private final SecurityEnvironmentPostProcessor processor = new SecurityEnvironmentPostProcessor();

	@Test
	void theDocumentedVariableConfiguresAKeyAndLeavesTheBindAddressAlone() {
		StandardEnvironment environment = withVariables(Map.of("AGENTSERVE_SECURITY_API_KEYS_ALICE", HASH));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("agentserve.security.api-keys.alice")).isEqualTo(HASH);
		assertThat(environment.containsProperty("server.address")).isFalse();
	}

	@Test
	void anOpenServiceListensOnLoopback() {
		StandardEnvironment environment = withVariables(Map.of());
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void anExplicitAddressWinsInOpenMode() {
		StandardEnvironment environment = withVariables(Map.of("SERVER_ADDRESS", "0.0.0.0"));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
	}

	@Test
	void aJwtIssuerIsNotOpenMode() {
		StandardEnvironment environment = withVariables(
				Map.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "https://idp.example/"));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("server.address")).isFalse();
	}

	@Test
	void aMisspeltKeyStopsTheStartNamingTheRightForm() {
		StandardEnvironment environment = withVariables(Map.of("AGENTSERVE_SECURITY_API_KEY_ALICE", HASH));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("AGENTSERVE_SECURITY_API_KEY_ALICE")
			.withMessageContaining("AGENTSERVE_SECURITY_API_KEYS_<USER>=sha256:")
			.withMessageNotContaining(HASH);
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
