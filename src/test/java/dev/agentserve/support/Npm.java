package dev.agentserve.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * {@code npm ci} of a test's Node folder. npm must not share the test JVM's standard
 * streams: Surefire talks to its forked JVM over them, and a Node child that inherits
 * them writes into that channel and turns the JVM's stdin non-blocking, which kills the
 * fork ("std/in stream corrupted"). Its output goes to {@code target/npm-<folder>.log}.
 */
public final class Npm {

	private Npm() {
	}

	/** The executable {@code command} on the {@code PATH}, or null. */
	public static @Nullable Path onPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, command);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Runs {@code npm ci} in {@code dir}; false when it failed or took over 5 minutes.
	 */
	public static synchronized boolean ci(Path npm, Path dir) throws IOException, InterruptedException {
		Path log = Path.of("target", "npm-" + dir.getFileName() + ".log").toAbsolutePath();
		Files.createDirectories(log.getParent());
		Process install = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
			install.destroyForcibly();
			return false;
		}
		return true;
	}

}
