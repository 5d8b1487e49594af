package dev.agentserve.tool.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages sent to a stdio server from several threads at once all go out: the SDK's
 * transport refuses a message whose send overlaps another's
 * (modelcontextprotocol/java-sdk #875), which lost tool-list refreshes and would fail
 * concurrent tool calls.
 */
class WorkingDirectoryStdioTransportTests {

	private static final int THREADS = 8;

	private static final int EACH = 2_000;

	@Test
	void concurrentSendsAreNeverRefused() throws Exception {
		WorkingDirectoryStdioTransport transport = new WorkingDirectoryStdioTransport(
				ServerParameters.builder("sh").args("-c", "cat > /dev/null").build(), McpJsonDefaults.getMapper(),
				null);
		transport.connect((inbound) -> inbound.then(Mono.empty())).block(Duration.ofSeconds(10));
		AtomicInteger refused = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> senders = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			for (int t = 0; t < THREADS; t++) {
				senders.add(CompletableFuture.runAsync(() -> {
					awaitQuietly(start);
					for (int i = 0; i < EACH; i++) {
						transport
							.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
									"notifications/test", null))
							.onErrorResume((ex) -> {
								refused.incrementAndGet();
								return Mono.empty();
							})
							.block(Duration.ofSeconds(10));
					}
				}, pool));
			}
			start.countDown();
			CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
		}
		finally {
			transport.closeGracefully().block(Duration.ofSeconds(10));
		}
		assertThat(refused).hasValue(0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
