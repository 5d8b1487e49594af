package dev.agentserve.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's commands on a JDK older than 21 fail at once with a message that says what
 * to install, not with a compiler error about an unknown release.
 */
class JdkRequirementIT {

	@Test
	void anOldJdkIsToldWhatToInstall() throws Exception {
		Optional<Path> oldJdk = oldJdk();
		if (System.getenv("CI") != null) {
			assertThat(oldJdk).as("a JDK older than 21 under /usr/lib/jvm (the CI machine has Java 17)").isPresent();
		}
		assumeTrue(oldJdk.isPresent(), "no JDK older than 21 under /usr/lib/jvm on this machine");
		ProcessBuilder build = new ProcessBuilder("./mvnw", "--batch-mode", "--offline", "--quiet", "validate")
			.directory(Path.of("").toAbsolutePath().toFile())
			.redirectErrorStream(true);
		build.environment().put("JAVA_HOME", oldJdk.get().toString());
		build.environment().put("PATH", oldJdk.get().resolve("bin") + ":/usr/bin:/bin");
		build.environment().remove("MAVEN_ARGS");
		Process process = build.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		assertThat(output).contains("agentserve needs a JDK 21 or newer", "this build runs on Java 17",
				"point JAVA_HOME at it");
	}

	private static Optional<Path> oldJdk() throws IOException {
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			List<Path> candidates = homes.filter((home) -> Files.isExecutable(home.resolve("bin/javac")))
				.filter((home) -> home.getFileName().toString().matches(".*-17-.*|.*-17\\..*|openjdk-17"))
				.toList();
			return candidates.stream().findFirst();
		}
	}

}
