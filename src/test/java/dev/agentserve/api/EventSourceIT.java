package dev.agentserve.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.Npm;
import dev.agentserve.support.EventSource;
import dev.agentserve.support.EventSource.Attempt;
import dev.agentserve.support.EventSource.Message;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser chat route as an {@code EventSource} uses it: the connection drops
 * mid-turn, the {@code EventSource} reconnects to the same URL with {@code Last-Event-ID}
 * and resumes the same turn; after the terminal event it reconnects once more, gets 204
 * and stops. Once with a client written to the WHATWG spec (always), once in a real
 * Chromium (skipped when none is installed, unless {@code AGENTSERVE_REQUIRE_BROWSER=1},
 * as in CI).
 */
class EventSourceIT extends IntegrationTest {

	private static final int WORDS = 12;

	private static final int CUT_AFTER = 3;

	private static final Path BROWSER_TESTS = Path.of("src", "test", "browser");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private ScriptedModel scripted;

	@Test
	void anEventSourceResumesTheSameTurnAfterADropAndStopsAfterItsEnd() {
		this.scripted.play(ScriptedModel.words(WORDS, 150));
		String sessionId = scriptedSession();
		List<Message> messages;
		List<Attempt> attempts;
		try (EventSource source = EventSource.open(baseUrl() + chatPath(sessionId), Duration.ofMillis(200))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> source.messages().size() >= CUT_AFTER);
			source.dropConnection();
			await().atMost(Duration.ofSeconds(20)).until(() -> source.readyState() == EventSource.ReadyState.CLOSED);
			messages = source.messages();
			attempts = source.attempts();
		}

		assertOneTurnSeenOnceThenStopped(sessionId, messages, attempts);
	}

	@Test
	void chromiumResumesTheSameTurnAfterADropAndStopsAfterItsEnd() throws Exception {
		Path node = requireBrowser();
		this.scripted.play(ScriptedModel.words(WORDS, 150));
		String sessionId = scriptedSession();
		JsonNode report = runBrowser(node, chatPath(sessionId));

		List<Message> messages = new ArrayList<>();
		report.get("messages")
			.forEach((message) -> messages
				.add(new Message(message.get("data").asString(), message.get("lastEventId").asString())));
		List<Attempt> attempts = new ArrayList<>();
		report.get("requests")
			.forEach((request) -> attempts
				.add(new Attempt(request.get("lastEventId").isNull() ? null : request.get("lastEventId").asString(),
						request.get("status").asInt())));
		assertThat(report.get("readyState").asInt()).as("EventSource.CLOSED").isEqualTo(2);
		assertOneTurnSeenOnceThenStopped(sessionId, messages, attempts);
	}

	private void assertOneTurnSeenOnceThenStopped(String sessionId, List<Message> messages, List<Attempt> attempts) {
		List<JsonNode> events = messages.stream().map((message) -> JSON.readTree(message.data())).toList();
		String turnId = events.get(0).get("turnId").asString();
		long last = WORDS + 2;
		assertThat(events).extracting((event) -> event.get("seq").asLong())
			.containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
		assertThat(events).allSatisfy((event) -> assertThat(event.get("turnId").asString()).isEqualTo(turnId));
		assertThat(events.get(events.size() - 1).get("type").asString()).isEqualTo("done");
		assertThat(messages).extracting(Message::lastEventId)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, last).mapToObj((seq) -> turnId + ":" + seq).toList());

		assertThat(attempts).hasSize(3);
		assertThat(attempts.get(0)).isEqualTo(new Attempt(null, 200));
		assertThat(attempts.get(1).status()).isEqualTo(200);
		assertThat(attempts.get(1).lastEventId()).matches(turnId + ":\\d+");
		long resumedAfter = Long.parseLong(attempts.get(1).lastEventId().substring(turnId.length() + 1));
		assertThat(resumedAfter).isBetween((long) CUT_AFTER, last - 1);
		assertThat(attempts.get(2)).isEqualTo(new Attempt(turnId + ":" + last, 204));

		this.http.get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody()
			.jsonPath("$.messages.length()")
			.isEqualTo(2)
			.jsonPath("$.messages[0].content")
			.isEqualTo("go");
	}

	private String scriptedSession() {
		return Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();
	}

	private static String chatPath(String sessionId) {
		return "/sessions/" + sessionId + "/chat?message=go";
	}

	private JsonNode runBrowser(Path node, String path) throws IOException, InterruptedException {
		Path errors = Files.createTempFile("eventsource-resume", ".log");
		Process process = new ProcessBuilder(node.toString(), "eventsource-resume.mjs", baseUrl(), path,
				Integer.toString(CUT_AFTER))
			.directory(BROWSER_TESTS.toFile())
			.redirectError(errors.toFile())
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		assertThat(process.exitValue()).as(() -> "node failed: " + read(errors)).isZero();
		Files.deleteIfExists(errors);
		return JSON.readTree(output);
	}

	/**
	 * Node with {@code playwright-core} installed (by {@code npm ci} when missing) and a
	 * Chromium; skips the test when either is missing, unless CI requires the browser.
	 */
	private static Path requireBrowser() throws IOException, InterruptedException {
		boolean required = "1".equals(System.getenv("AGENTSERVE_REQUIRE_BROWSER"));
		Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
		Path node = Npm.onPath("node");
		Path npm = Npm.onPath("npm");
		String missing = (node == null || npm == null) ? "node and npm"
				: !Files.isExecutable(chromium) ? "Chromium at " + chromium : null;
		if (missing == null && !Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
			if (!Npm.ci(npm, BROWSER_TESTS)) {
				missing = "playwright-core (npm ci failed)";
			}
		}
		if (missing != null) {
			assertThat(required).as("AGENTSERVE_REQUIRE_BROWSER=1 but " + missing + " is missing").isFalse();
			Assumptions.abort("No " + missing + ": the EventSource behaviour is covered by the spec client test");
		}
		return node;
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
