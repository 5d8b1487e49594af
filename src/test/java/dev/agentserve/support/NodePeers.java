package dev.agentserve.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real MCP peers from npm ({@code src/test/mcp}: the reference "everything" server
 * and the TypeScript SDK), installed by {@code npm ci} into its git-ignored
 * {@code node_modules} on first use. Without Node a test is skipped with a message, but
 * fails when the {@code CI} environment variable is set.
 */
public final class NodePeers {

	public static final Path DIR = Path.of("src/test/mcp").toAbsolutePath();

	private NodePeers() {
	}

	/** The {@code node} executable, with the packages installed. */
	public static synchronized Path require() {
		Path node = Npm.onPath("node");
		Path npm = Npm.onPath("npm");
		String missing = (node == null || npm == null) ? "node and npm" : null;
		if (missing == null && !Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
			try {
				if (!Npm.ci(npm, DIR)) {
					missing = "the MCP npm packages (npm ci in src/test/mcp failed)";
				}
			}
			catch (Exception ex) {
				missing = "the MCP npm packages (" + ex + ")";
			}
		}
		if (missing != null) {
			assertThat(System.getenv("CI")).as("CI is set but " + missing + " is missing: install Node.js 18+ and npm")
				.isNull();
			Assumptions.abort("No " + missing + ": the MCP tests need the real MCP peers from npm");
		}
		return node;
	}

	/** The reference server's entry point ({@code node <it> stdio|streamableHttp}). */
	public static Path everythingServer() {
		return DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
	}

}
