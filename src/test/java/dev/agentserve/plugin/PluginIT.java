package dev.agentserve.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.agentserve.AgentserveApplication;
import dev.agentserve.model.ToolCall;
import dev.agentserve.support.TestRedis;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolExecutor;
import dev.agentserve.tool.ToolOutcome;
import dev.agentserve.tool.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample plugin ({@code samples/tool-plugin}) compiled and packed into a jar (left at
 * {@code target/plugins/tool-plugin.jar}), then put on the class path of a starting
 * service, as {@code loader.path} does: its {@code Tool} bean is registered and callable
 * and an agent may list it.
 */
class PluginIT {

	private static final Path SAMPLE = Path.of("samples/tool-plugin/src/main");

	@Test
	void aPluginJarOnTheClassPathContributesItsTools() throws Exception {
		Path jar = buildSamplePlugin();
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, previous)) {
			Thread.currentThread().setContextClassLoader(loader);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AgentserveApplication.class)
				.resourceLoader(new DefaultResourceLoader(loader))
				.properties("server.port=0", "spring.data.redis.url=" + TestRedis.url(),
						"agentserve.redis.key-prefix=" + TestRedis.KEY_PREFIX,
						"agentserve.agents.plugged.tools=reverse")
				.run()) {
				ToolRegistry registry = context.getBean(ToolRegistry.class);
				assertThat(registry.find("reverse")).isPresent();
				assertThat(registry.find("reverse").get().getClass().getClassLoader()).isSameAs(loader);
				ToolOutcome outcome = context.getBean(ToolExecutor.class)
					.execute(new ToolCall("c1", "reverse", JsonNodeFactory.instance.objectNode().put("text", "abc")),
							List.of("reverse"), new ToolContext("u", "s", "t"))
					.block(Duration.ofSeconds(10));
				assertThat(outcome.result().get("reversed").asString()).isEqualTo("cba");
			}
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
	}

	/** javac against the test class path, then a jar with the sources' resources. */
	private static Path buildSamplePlugin() throws IOException {
		Path classes = Files.createTempDirectory("plugin-classes");
		List<String> sources;
		try (Stream<Path> files = Files.walk(SAMPLE.resolve("java"))) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).map(Path::toString).toList();
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-proc:none", "--release", "21", "-cp",
				System.getProperty("java.class.path"), "-d", classes.toString()));
		arguments.addAll(sources);
		assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).as("javac of the sample plugin")
			.isZero();
		Path jar = Path.of("target/plugins/tool-plugin.jar");
		Files.createDirectories(jar.getParent());
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			add(out, classes);
			add(out, SAMPLE.resolve("resources"));
		}
		return jar;
	}

	private static void add(JarOutputStream out, Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
				Files.copy(file, out);
				out.closeEntry();
			}
		}
	}

}
