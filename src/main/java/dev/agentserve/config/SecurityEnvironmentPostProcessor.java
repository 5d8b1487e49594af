package dev.agentserve.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import dev.agentserve.security.ApiKeySettings;
import dev.agentserve.security.SecurityMode;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Fails closed on key settings and keeps an open service off the network:
 * <ul>
 * <li>maps the documented {@code AGENTSERVE_SECURITY_API_KEYS_<USER>} variables onto
 * {@code agentserve.security.api-keys.<user>} (Spring's relaxed binding would need
 * {@code APIKEYS});</li>
 * <li>refuses to start when a variable or property looks like a key setting but
 * configures no caller;</li>
 * <li>in open mode ({@link SecurityMode}, the same decision the security filter chain
 * makes) binds to loopback unless {@code server.address} is set.</li>
 * </ul>
 * Runs after the config files are loaded (lowest precedence), so it sees them.
 */
public class SecurityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DOCUMENTED_KEYS = "agentserveApiKeysFromEnvironment";

	static final String LOOPBACK = "agentserveLoopbackInOpenMode";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String variablesName = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		if (environment.getPropertySources().get(variablesName) instanceof MapPropertySource variables
				&& !environment.getPropertySources().contains(DOCUMENTED_KEYS)) {
			Map<String, Object> keys = ApiKeySettings.fromEnvironmentVariables(variables.getSource());
			if (!keys.isEmpty()) {
				// Just below the variables themselves: command-line and system properties
				// win.
				environment.getPropertySources().addAfter(variablesName, new MapPropertySource(DOCUMENTED_KEYS, keys));
			}
		}
		List<String> ineffective = ApiKeySettings.ineffective(environment);
		if (!ineffective.isEmpty()) {
			throw new IllegalStateException("Refusing to start: " + ineffective
					+ " look like API-key settings but configure no caller, so the service would run open. Use "
					+ ApiKeySettings.RIGHT_FORM + ".");
		}
		if (SecurityMode.of(environment).open() && !environment.containsProperty("server.address")
				&& !environment.getPropertySources().contains(LOOPBACK)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(LOOPBACK,
						Map.of("server.address", InetAddress.getLoopbackAddress().getHostAddress())));
		}
	}

}
