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
 * {@link CommandListener} (added to the data connection's client at every start): a
 * counter up and down per command, no allocation of ours. A cancelled command (timeout,
 * disconnect) reports as failed, so the count does not leak. It also notes since when the
 * backlog has been above {@code max-redis-pending}: admission refuses only a backlog that
 * lasts ({@code redis-backlog-grace}).
 */
@Component
public class RedisBacklog implements CommandListener {

	private final AtomicInteger pending = new AtomicInteger();

	private final int threshold;

	/** When the backlog last went above the threshold; 0 while it is not above. */
	private volatile long aboveSince;

	RedisBacklog(LimitProperties limits) {
		this.threshold = limits.admission().maxRedisPending();
	}

	/** Commands sent and not answered. */
	int pending() {
		return Math.max(0, this.pending.get());
	}

	/**
	 * How long, at {@code now} ({@link System#nanoTime}), the backlog has stayed above
	 * {@code max-redis-pending} without a break; zero when it is not above. A burst of
	 * commands sent at once (every live stream's next token after a pause of the JVM)
	 * drains in milliseconds; a Redis that is slow or stalled keeps the backlog up.
	 */
	long aboveForNanos(long now) {
		long since = this.aboveSince;
		return (since == 0 || this.pending.get() <= this.threshold) ? 0 : Math.max(0, now - since);
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		if (this.pending.incrementAndGet() > this.threshold && this.aboveSince == 0) {
			this.aboveSince = System.nanoTime() | 1;
		}
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		answered();
	}

	@Override
	public void commandFailed(CommandFailedEvent event) {
		answered();
	}

	private void answered() {
		if (this.pending.decrementAndGet() <= this.threshold && this.aboveSince != 0) {
			this.aboveSince = 0;
		}
	}

}
