package dev.agentserve.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser UI driven in the system Chromium by {@code src/test/browser/ui.mjs}
 * ({@code playwright-core}, installed there by {@code npm ci} when missing). A test that
 * needs it is skipped when Node or Chromium is missing, unless
 * {@code AGENTSERVE_REQUIRE_BROWSER=1} (as {@code .ci/run} sets), which makes it fail and
 * say what is missing.
 */
public final class Browser {

	private static final Path SCRIPTS = Path.of("src", "test", "browser");

	/** Where the scenarios' screenshots go. */
	public static final Path ARTIFACTS = Path.of("target", "browser");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path node;

	private Browser(Path node) {
		this.node = node;
	}

	/**
	 * Node with playwright-core and a Chromium, or the test is skipped (or fails in CI).
	 */
	public static Browser require() throws IOException, InterruptedException {
		boolean required = "1".equals(System.getenv("AGENTSERVE_REQUIRE_BROWSER"));
		Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
		Path node = Npm.onPath("node");
		Path npm = Npm.onPath("npm");
		String missing = (node == null || npm == null) ? "node and npm"
				: !Files.isExecutable(chromium) ? "Chromium at " + chromium : null;
		if (missing == null) {
			missing = install(npm);
		}
		if (missing != null) {
			assertThat(required).as("AGENTSERVE_REQUIRE_BROWSER=1 but " + missing + " is missing").isFalse();
			Assumptions.abort("No " + missing + ": the browser UI tests need them");
		}
		return new Browser(node);
	}

	private static synchronized String install(Path npm) throws IOException, InterruptedException {
		if (Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
			return null;
		}
		return Npm.ci(npm, SCRIPTS) ? null : "playwright-core (npm ci failed)";
	}

	/**
	 * Runs one scenario of {@code ui.mjs} against the server and returns its report;
	 * fails with the script's error output when it fails.
	 */
	public JsonNode run(String scenario, String baseUrl, String optionsJson) throws IOException, InterruptedException {
		Files.createDirectories(ARTIFACTS);
		Path errors = Files.createTempFile("ui-" + scenario, ".log");
		List<String> command = new ArrayList<>(List.of(this.node.toString(), "ui.mjs", scenario, baseUrl,
				ARTIFACTS.toAbsolutePath().resolve(scenario).toString(), optionsJson));
		Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile())
			.redirectError(errors.toFile())
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(170, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		assertThat(process.exitValue()).as(() -> "ui.mjs " + scenario + " failed: " + read(errors)).isZero();
		Files.deleteIfExists(errors);
		JsonNode report = JSON.readTree(output);
		assertThat(report.get("errors")).as("errors in the page").isEmpty();
		return report;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
