package dev.agentserve.config;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.support.PackagedApp;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Fast start and small footprint" recipe, run line by line as the README
 * shows it (only the {@code ./mvnw package} line is left out: failsafe runs after
 * {@code package}): extract the packaged jar, record the AOT cache in a training run that
 * has no Redis to talk to, then start the service on the cache and serve a turn.
 */
class FastStartRecipeIT {

	private static final Pattern SECTION = Pattern.compile("\\R## Fast start and small footprint\\R(.*?)(\\R## |$)",
			Pattern.DOTALL);

	private static final Pattern BLOCK = Pattern.compile("```bash\\R(.*?)```", Pattern.DOTALL);

	@TempDir
	static Path work;

	static List<String> recipe;

	/**
	 * Extraction and the training run: about 30 s of CPU for the AOT cache on JDK 25, so
	 * more than the default test timeout on a busy machine.
	 */
	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	static void prepare() throws Exception {
		recipe = recipe();
		Files.createSymbolicLink(work.resolve("target"), Paths.get("target").toAbsolutePath());
		List<String> preparation = new ArrayList<>(recipe.subList(0, recipe.size() - 1));
		preparation.add(0, "cd " + quoted(work));
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-ec", String.join("\n", preparation))
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("preparation.log").toFile());
		builder.environment().clear();
		builder.environment().put("PATH", path());
		Process training = builder.start();
		assertThat(training.waitFor(5, TimeUnit.MINUTES)).as("the training run ends").isTrue();
		assertThat(training.exitValue()).as(Files.readString(work.resolve("preparation.log"))).isZero();
	}

	@Test
	@Timeout(value = 3, unit = TimeUnit.MINUTES)
	void theServiceStartsOnTheAotCacheAndServesATurn() throws Exception {
		List<String> exports = recipe.stream().filter((line) -> line.startsWith("export ")).toList();
		String serve = "cd " + quoted(work) + "\n" + String.join("\n", exports) + "\nexec "
				+ recipe.get(recipe.size() - 1);
		Map<String, String> environment = Map.of("PATH", path(), "REDIS_URL", TestRedis.url(),
				"AGENTSERVE_REDIS_KEY_PREFIX", TestRedis.KEY_PREFIX);
		try (PackagedApp app = PackagedApp.run(List.of("/bin/sh", "-ec", serve), environment).awaitStarted()) {
			String maps = Files.readString(Path.of("/proc", Long.toString(app.process().pid()), "maps"));
			assertThat(maps).as("the JVM maps the AOT cache the training run wrote").contains(cache());
			assertThat(app.send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
			HttpResponse<String> session = app.send("POST", "/sessions", null, "{\"agentType\":\"assistant\"}");
			assertThat(session.statusCode()).as(app.output()).isEqualTo(201);
			String id = session.body().replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
			HttpResponse<String> turn = app.send("POST", "/sessions/" + id + "/chat", null,
					"{\"message\":\"What is 12*(3+4)?\",\"stream\":false}");
			assertThat(turn.statusCode()).as(app.output()).isEqualTo(200);
			assertThat(turn.body()).contains("\"status\":\"done\"").contains("84");
		}
	}

	/** The file the serving line names with -XX:AOTCache= (or -XX:SharedArchiveFile=). */
	private static String cache() {
		Matcher option = Pattern.compile("-XX:(?:AOTCache|SharedArchiveFile)=(\\S+)")
			.matcher(recipe.get(recipe.size() - 1));
		assertThat(option.find()).as("the serving line names a cache").isTrue();
		return work.resolve(option.group(1)).normalize().toString();
	}

	/**
	 * {@code java} resolves to the JDK that runs the tests, the one the recipe is for.
	 */
	private static String path() {
		return Paths.get(PackagedApp.java()).getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
	}

	/**
	 * The README's shell lines ({@code $ …}), continuations joined, the Maven build left
	 * out: from the section's first block (JDK 25 and later, AOT cache), or on an older
	 * JDK from its second (JDK 21, CDS archive).
	 */
	private static List<String> recipe() throws Exception {
		Matcher section = SECTION.matcher(Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8));
		assertThat(section.find()).as("README.md has the section").isTrue();
		Matcher block = BLOCK.matcher(section.group(1));
		assertThat(block.find()).as("the section has a bash block for JDK 25").isTrue();
		if (Runtime.version().feature() < 25) {
			assertThat(block.find()).as("the section has a second bash block, for JDK 21").isTrue();
		}
		List<String> lines = new ArrayList<>();
		StringBuilder line = null;
		for (String raw : block.group(1).split("\\R")) {
			if (raw.startsWith("$ ")) {
				line = new StringBuilder(raw.substring(2));
				lines.add("");
			}
			else if (line != null && !raw.isBlank()) {
				line.append('\n').append(raw);
			}
			if (line != null) {
				lines.set(lines.size() - 1, line.toString());
			}
		}
		List<String> commands = lines.stream().filter((command) -> !command.contains("mvnw")).toList();
		assertThat(commands).as("extract, train and serve").hasSizeGreaterThanOrEqualTo(3);
		return commands;
	}

	private static String quoted(Path path) {
		return "'" + path.toString().replace("'", "'\\''") + "'";
	}

}
