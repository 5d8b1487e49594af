package dev.agentserve.limit;

import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.command.CommandSucceededEvent;
import org.springframework.stereotype.Component;

/**
 * Redis commands this replica sent on its data connection and has no answer for yet.
 * Lettuce multiplexes every command on one connection, so a long backlog means each new
 * command waits behind it, and past the command timeout they fail: refusing new work
 * while the backlog is long keeps answers inside that timeout. Counted by Lettuce's
 * {@link CommandListener} (registered on the data connection's client at startup): a
 * counter up and down per command, no allocation of ours. A cancelled command (timeout,
 * disconnect) reports as failed, so the count does not leak.
 */
@Component
public class RedisBacklog implements CommandListener {

	private final AtomicInteger pending = new AtomicInteger();

	/** Commands sent and not answered. */
	int pending() {
		return Math.max(0, this.pending.get());
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		this.pending.incrementAndGet();
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		this.pending.decrementAndGet();
	}

	@Override
	public void commandFailed(CommandFailedEvent event) {
		this.pending.decrementAndGet();
	}

}
