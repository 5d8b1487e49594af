package dev.agentserve.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StringUtils;

/**
 * How API keys are configured, and how a misspelt key setting is caught before it can
 * leave the service open. Spring's relaxed binding reads the environment variable of
 * {@code agentserve.security.api-keys.alice} as {@code AGENTSERVE_SECURITY_APIKEYS_ALICE}
 * only; the form people write (and the README shows),
 * {@code AGENTSERVE_SECURITY_API_KEYS_ALICE}, is mapped here. Any other variable or
 * property that looks like a key setting but configures no caller is refused: a typo must
 * stop the start, not run the service open.
 */
public final class ApiKeySettings {

	/** The property the keys bind to. */
	public static final String PROPERTY = "agentserve.security.api-keys";

	/** The forms that work, for messages. */
	public static final String RIGHT_FORM = "agentserve.security.api-keys.<user>=sha256:<64 hex digits>, "
			+ "or as an environment variable AGENTSERVE_SECURITY_API_KEYS_<USER>=sha256:<64 hex digits>";

	private static final Pattern ENVIRONMENT_FORM = Pattern.compile("AGENTSERVE_SECURITY_API_KEYS_([A-Za-z0-9_]+)");

	private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

	private ApiKeySettings() {
	}

	static boolean isHash(String value) {
		return HASH.matcher(value).matches();
	}

	/**
	 * The documented environment form as {@code agentserve.security.api-keys.<user>}
	 * properties, the user in lower case.
	 */
	public static Map<String, Object> fromEnvironmentVariables(Map<String, Object> variables) {
		Map<String, Object> properties = new LinkedHashMap<>();
		variables.forEach((name, value) -> {
			Matcher matcher = ENVIRONMENT_FORM.matcher(name);
			if (matcher.matches()) {
				properties.put(PROPERTY + "." + matcher.group(1).toLowerCase(Locale.ROOT), value);
			}
		});
		return properties;
	}

	/**
	 * The names of variables and properties that look like a key setting but configure no
	 * caller: a misspelt name, a name without a user, or an empty value.
	 */
	public static List<String> ineffective(ConfigurableEnvironment environment) {
		List<String> ineffective = new ArrayList<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (looksLikeKeySetting(name) && !configuresCaller(source, name, enumerable.getProperty(name))) {
						ineffective.add(name);
					}
				}
			}
		}
		return ineffective;
	}

	/**
	 * The callers the environment configures, bound exactly as the service binds them.
	 */
	static Map<String, String> callers(Environment environment) {
		return Binder.get(environment).bind(PROPERTY, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
	}

	static boolean looksLikeKeySetting(String name) {
		String flat = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return flat.startsWith("agentservesecurity") && flat.substring("agentservesecurity".length()).contains("key");
	}

	private static boolean configuresCaller(PropertySource<?> source, String name, Object value) {
		String text = (value != null) ? String.valueOf(value) : "";
		if (!StringUtils.hasText(text)) {
			return false;
		}
		boolean environment = source instanceof SystemEnvironmentPropertySource;
		if (environment && ENVIRONMENT_FORM.matcher(name).matches()) {
			return true;
		}
		// Ask Spring's own binder whether this one name, alone, configures a caller.
		PropertySource<?> alone = environment
				? new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of(name, text))
				: new MapPropertySource("candidate", Map.of(name, text));
		try {
			return !new Binder(ConfigurationPropertySources.from(alone))
				.bind(PROPERTY, Bindable.mapOf(String.class, String.class))
				.orElse(Map.of())
				.isEmpty();
		}
		catch (BindException ex) {
			// A value where a map of users belongs (AGENTSERVE_SECURITY_APIKEYS=…).
			return false;
		}
	}

}
