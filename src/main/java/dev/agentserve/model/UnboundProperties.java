package dev.agentserve.model;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Finds properties of a map of entries ({@code <prefix>.<key>.<field>}) that no field of
 * an entry binds: Spring ignores them silently, which hides a misspelt price.
 */
public final class UnboundProperties {

	private UnboundProperties() {
	}

	/**
	 * Fails with {@link IllegalStateException} when a property under {@code prefix} is
	 * not {@code <prefix>.<key>.<field>} with {@code field} (in Spring's uniform form:
	 * lower case, no dashes) among {@code fields}.
	 */
	public static void check(Environment environment, String prefix, Set<String> fields, String hint) {
		int depth = ConfigurationPropertyName.of(prefix).getNumberOfElements();
		check(environment, prefix, (name) -> name.getNumberOfElements() == depth + 2
				&& fields.contains(name.getElement(depth + 1, Form.UNIFORM)), hint);
	}

	/**
	 * Fails with {@link IllegalStateException} when a property under {@code prefix} is
	 * not {@code known}.
	 */
	public static void check(Environment environment, String prefix, Predicate<ConfigurationPropertyName> known,
			String hint) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		Set<String> unbound = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream()
				.filter((name) -> root.isAncestorOf(name) && !known.test(name))
				.forEach((name) -> unbound.add(name.toString()));
		}
		if (!unbound.isEmpty()) {
			throw new IllegalStateException("These properties bind nothing: " + unbound + "; " + hint);
		}
	}

}
