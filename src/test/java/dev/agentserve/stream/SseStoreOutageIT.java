package dev.agentserve.stream;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.Replicas;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.SseClient;
import dev.agentserve.support.SseClient.Frame;
import dev.agentserve.support.TcpProxy;
import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * SSE streams when Redis dies or stalls under them: they end within 5 s with a
 * {@code retry} hint (and nothing internal), so an {@code EventSource} comes back later
 * with {@code Last-Event-ID}. Redis is reached through a proxy the test stalls or kills.
 */
@Timeout(60)
class SseStoreOutageIT {

	private static final String PREFIX = "outage-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private static final Duration PROMISE = Duration.ofSeconds(5);

	private static final Pattern ALLOWED_LINE = Pattern
		.compile("|id:.*|data:.*|retry:\\d+|: ping|: the stream was interrupted; reconnect with Last-Event-ID");

	private static TcpProxy proxy;

	private static ConfigurableApplicationContext replica;

	@BeforeAll
	static void start() {
		proxy = TcpProxy.to(TestRedis.url());
		replica = Replicas.startOn(proxy.url(), PREFIX, "outage");
	}

	@AfterEach
	void restore() {
		proxy.restore();
	}

	@AfterAll
	static void stop() {
		replica.close();
		proxy.close();
	}

	@Test
	void aStreamEndsInTimeWithARetryHintWhenRedisStalls() {
		Cut cut = streamThenCut(proxy::stall);

		assertEndedInTimeWithRetryHint(cut);
		// A reconnect while Redis still hangs is told to retry later, not failed (an
		// EventSource gives up for good on an error status).
		assertAReconnectIsToldToRetryLater(cut);

		proxy.restore();
		try (SseClient resumed = SseClient.get(cut.url(), Map.of("Last-Event-ID", cut.lastId()))) {
			assertThat(resumed.status()).isEqualTo(200);
			assertThat(resumed.next().seq()).isEqualTo(cut.lastSeq() + 1);
		}
	}

	@Test
	void aStreamEndsInTimeWithARetryHintWhenRedisDies() {
		Cut cut = streamThenCut(proxy::kill);

		assertEndedInTimeWithRetryHint(cut);
		assertAReconnectIsToldToRetryLater(cut);
	}

	/**
	 * A reconnect while Redis is away gets 200 with only a retry hint, not an error
	 * status (on which an EventSource gives up for good).
	 */
	private static void assertAReconnectIsToldToRetryLater(Cut cut) {
		try (SseClient again = SseClient.get(cut.url(), Map.of("Last-Event-ID", cut.lastId()))) {
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.rest()).isEmpty();
			assertThat(again.rawLines()).anyMatch((line) -> line.startsWith("retry:"))
				.allMatch((line) -> ALLOWED_LINE.matcher(line).matches());
		}
	}

	/**
	 * Opens a browser chat stream on a long turn, reads two events, cuts Redis, and reads
	 * the rest.
	 */
	private Cut streamThenCut(Runnable outage) {
		Replicas.model(replica).play(ScriptedModel.words(60, 100));
		String sessionId = Sessions.create(Replicas.http(replica), Map.of("agentType", "scripted"))
			.get("sessionId")
			.asString();
		String url = Replicas.url(replica) + "/sessions/" + sessionId + "/chat?message=go";
		return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			try (SseClient sse = SseClient.get(url, Map.of())) {
				sse.next();
				Frame second = sse.next();
				long cutAt = System.nanoTime();
				outage.run();
				Frame last = second;
				boolean abrupt = false;
				try {
					for (Frame frame = sse.next(); frame != null; frame = sse.next()) {
						last = frame;
					}
				}
				catch (UncheckedIOException ex) {
					abrupt = true;
				}
				Duration took = Duration.ofNanos(System.nanoTime() - cutAt);
				return new Cut(url, last.id(), last.seq(), took, abrupt, sse.rawLines());
			}
		});
	}

	private static void assertEndedInTimeWithRetryHint(Cut cut) {
		assertThat(cut.abrupt()).as("the stream ended with a bare connection close").isFalse();
		assertThat(cut.took()).isLessThan(PROMISE);
		assertThat(cut.rawLines()).allMatch((line) -> ALLOWED_LINE.matcher(line).matches());
		assertThat(cut.rawLines()).anySatisfy((line) -> assertThat(line).matches("retry:\\d+"));
		assertThat(cut.rawLines().get(cut.rawLines().size() - 1)).isEmpty();
	}

	private record Cut(String url, String lastId, long lastSeq, Duration took, boolean abrupt, List<String> rawLines) {
	}

}
