package dev.agentserve.support;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * {@code CLIENT PAUSE} on the test Redis ({@link TestRedis}) until closed, or until
 * {@code atMost} has passed: closing unpauses at once, so a test that has seen what it
 * waited for does not wait out the pause.
 */
public final class RedisPause implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private RedisPause(Duration atMost, String mode) {
		this.client = RedisClient.create(TestRedis.url());
		this.connection = this.client.connect();
		command("PAUSE", Long.toString(atMost.toMillis()), mode);
	}

	/** Every client waits, reads too: a stalled Redis. */
	public static RedisPause all(Duration atMost) {
		return new RedisPause(atMost, "ALL");
	}

	/** Writes wait, reads are answered. */
	public static RedisPause writes(Duration atMost) {
		return new RedisPause(atMost, "WRITE");
	}

	@Override
	public void close() {
		try {
			command("UNPAUSE");
			this.connection.close();
		}
		finally {
			this.client.shutdown();
		}
	}

	private void command(String... args) {
		CommandArgs<String, String> arguments = new CommandArgs<>(StringCodec.UTF8);
		for (String arg : args) {
			arguments.add(arg);
		}
		this.connection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), arguments);
	}

}
