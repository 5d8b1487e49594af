package dev.agentserve.memory;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;

import dev.agentserve.persistence.Keyspace;
import dev.agentserve.persistence.KeyspaceProperties;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the memory store (Redis) or the embedder fails, the memory tools fail as a tool
 * error the model sees (retryable), never as an exception that would end the turn.
 */
class MemoryToolFailureTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ToolContext CONTEXT = new ToolContext("alice", "s", "t");

	private LettuceConnectionFactory connections;

	@AfterEach
	void close() {
		if (this.connections != null) {
			this.connections.destroy();
		}
	}

	@Test
	void anUnreachableStoreIsATransientToolError() throws Exception {
		MemoryService memories = service(unreachableRedis(), (text) -> Mono.just(new float[] { 1, 0 }));

		StepVerifier.create(new RememberTool(memories, JSON).call(JSON.readTree("{\"content\":\"x\"}"), CONTEXT))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class)
				.hasMessageStartingWith("The memory store is unavailable")
				.satisfies((tool) -> assertThat(((ToolException) tool).isTransient()).isTrue()))
			.verify(Duration.ofSeconds(20));
		StepVerifier
			.create(new ForgetTool(memories, JSON)
				.call(JSON.readTree("{\"memoryId\":\"mem_0000000000000000000000000000\"}"), CONTEXT))
			.expectError(ToolException.class)
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void aFailingEmbedderIsAToolErrorAndBadInputIsTheModelsToFix() throws Exception {
		MemoryService memories = service(unreachableRedis(),
				(text) -> Mono.error(new EmbeddingException("embeddings endpoint answered 503", null)));

		StepVerifier.create(new RecallTool(memories, JSON).call(JSON.readTree("{\"query\":\"dog\"}"), CONTEXT))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class)
				.hasMessage("embeddings endpoint answered 503")
				.satisfies((tool) -> assertThat(((ToolException) tool).isTransient()).isTrue()))
			.verify(Duration.ofSeconds(20));
		StepVerifier.create(new ForgetTool(memories, JSON).call(JSON.readTree("{\"memoryId\":\"nope\"}"), CONTEXT))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class)
				.hasMessageContaining("No memory 'nope'")
				.satisfies((tool) -> assertThat(((ToolException) tool).isTransient()).isFalse()))
			.verify(Duration.ofSeconds(20));
	}

	private MemoryService service(ReactiveStringRedisTemplate redis, TestEmbedder embedder) throws Exception {
		Keyspace keys = new Keyspace(new KeyspaceProperties("as:"));
		MemoryProperties properties = MemoryTestProperties.defaults();
		RedisMemoryStore store = new RedisMemoryStore(redis, this.connections, keys, JSON);
		return new MemoryService(store, embedder, new QueryEngine(this.connections, keys, properties), properties,
				Clock.systemUTC());
	}

	private ReactiveStringRedisTemplate unreachableRedis() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		this.connections.afterPropertiesSet();
		return new ReactiveStringRedisTemplate(this.connections);
	}

	/** An embedder as a lambda. */
	interface TestEmbedder extends EmbeddingClient {

		@Override
		default String name() {
			return "test";
		}

	}

}
