package dev.agentserve.arch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Keeps the package dependencies of DESIGN.md §2. */
class ArchitectureTests {

	/** Which feature packages each feature package may import (DESIGN.md §2). */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
			Map.entry("api",
					Set.of("turn", "session", "agent", "tool", "stream", "limit", "security", "error", "approval",
							"telemetry", "memory", "agui")),
			Map.entry("agui", Set.of("turn", "session", "agent", "approval", "model", "persistence")),
			Map.entry("security", Set.of("session", "limit", "persistence")),
			Map.entry("mcp", Set.of("turn", "session", "agent", "limit", "event")),
			Map.entry("stream", Set.of("turn", "event", "limit", "error", "approval")),
			Map.entry("error",
					Set.of("turn", "session", "agent", "limit", "event", "persistence", "security", "approval",
							"memory")),
			Map.entry("limit", Set.of("persistence", "tool", "turn")),
			Map.entry("turn",
					Set.of("agent", "session", "memory", "event", "model", "persistence", "approval", "telemetry")),
			Map.entry("agent", Set.of("model", "tool", "event", "approval", "telemetry")),
			Map.entry("approval", Set.of("session", "model", "persistence")),
			Map.entry("tool", Set.of("model", "telemetry", "persistence")), Map.entry("model", Set.of()),
			Map.entry("event", Set.of("model")), Map.entry("session", Set.of("event", "model", "persistence")),
			Map.entry("persistence", Set.of()), Map.entry("memory", Set.of("session", "model", "tool", "persistence")),
			Map.entry("telemetry", Set.of()));

	/** {@code config} may import anything; nothing may import it. */
	static final String CONFIG = "config";

	static ArchRule packageDependencies(String root) {
		List<String> features = Stream.concat(ALLOWED.keySet().stream(), Stream.of(CONFIG)).sorted().toList();
		List<ArchRule> rules = ALLOWED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map((entry) -> {
			String[] forbidden = features.stream()
				.filter((other) -> !other.equals(entry.getKey()) && !entry.getValue().contains(other))
				.map((other) -> root + "." + other + "..")
				.toArray(String[]::new);
			return (ArchRule) noClasses().that()
				.resideInAPackage(root + "." + entry.getKey() + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(forbidden)
				.allowEmptyShould(true)
				.because("DESIGN.md §2 lets " + entry.getKey() + " import only " + entry.getValue());
		}).toList();
		return CompositeArchRule.of(rules);
	}

	@Test
	void mainCodeKeepsThePackageDependencies() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.agentserve");
		assertThatNoException().isThrownBy(() -> packageDependencies("dev.agentserve").check(classes));
	}

	@Test
	void aForbiddenImportFailsTheRule() {
		JavaClasses fixture = new ClassFileImporter().importPackages("dev.agentserve.arch.fixture");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> packageDependencies("dev.agentserve.arch.fixture").check(fixture))
			.withMessageContaining("LeakySessionStore")
			.withMessageContaining("FixtureController");
	}

}
