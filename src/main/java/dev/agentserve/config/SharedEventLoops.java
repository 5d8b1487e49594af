package dev.agentserve.config;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * Lettuce's event loops are the HTTP server's ({@link ServerLoops}), so a Redis reply,
 * the turn code it resumes and the SSE frame that code writes run on one thread. With
 * loops of their own every round trip crossed threads twice (the command handed to
 * Lettuce's loop, the reply's continuation writing to the HTTP channel's loop), each a
 * task queue and a wake-up of another thread; on a one-core replica that was a context
 * switch per hop.
 * <p>
 * One exception: a Redis connection opened from one of those loops. Spring Data Redis
 * opens its shared connection on the calling thread and waits for it; on a loop that must
 * also complete the connect, that wait would last until the connect timed out. Such a
 * connection (Redis was down when the service started, {@link RedisConnectAtStart}) gets
 * a loop of its own, as before.
 * <p>
 * {@link ServerLoops} owns the server's loops; Lettuce never shuts them down. The spare
 * loop is this provider's, shut down with Lettuce's resources.
 */
final class SharedEventLoops implements EventLoopGroupProvider {

	private final RedisLoops loops;

	private SharedEventLoops(EventLoopGroup shared) {
		this.loops = new RedisLoops(shared);
	}

	/**
	 * The loops of {@code resources}, or empty when they cannot carry Lettuce's channels:
	 * the two chose different transports (say, io_uring for one and epoll for the other).
	 */
	static Optional<SharedEventLoops> of(LoopResources resources) {
		EventLoopGroup loops = resources.onServer(LoopResources.DEFAULT_NATIVE);
		Class<?> theirs = resources.onChannelClass(SocketChannel.class, loops);
		if (!theirs.equals(Transports.socketChannelClass())) {
			return Optional.empty();
		}
		return Optional.of(new SharedEventLoops(loops));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends EventLoopGroup> T allocate(Class<T> type) {
		return (T) this.loops;
	}

	@Override
	public int threadPoolSize() {
		int size = 0;
		for (var ignored : this.loops) {
			size++;
		}
		return size;
	}

	@Override
	public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
		return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
	}

	@Override
	public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
		this.loops.disposeSpare();
		return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
	}

	/**
	 * The server's loops for Redis channels, but for a channel registered from one of
	 * them: that one goes to a spare loop, made when first needed.
	 */
	static final class RedisLoops extends AbstractEventExecutorGroup implements EventLoopGroup {

		private final EventLoopGroup shared;

		private @Nullable LoopResources spare;

		RedisLoops(EventLoopGroup shared) {
			this.shared = shared;
		}

		@Override
		public EventLoop next() {
			for (EventExecutor loop : this.shared) {
				if (loop.inEventLoop()) {
					return spare().next();
				}
			}
			return this.shared.next();
		}

		private synchronized EventLoopGroup spare() {
			if (this.spare == null) {
				this.spare = LoopResources.create("agentserve-redis", 1, true);
			}
			// native when the server's loops are: the same transport, as Lettuce's
			// channels
			return this.spare.onServer(LoopResources.DEFAULT_NATIVE);
		}

		synchronized void disposeSpare() {
			if (this.spare != null) {
				this.spare.dispose();
				this.spare = null;
			}
		}

		@Override
		public ChannelFuture register(Channel channel) {
			return next().register(channel);
		}

		@Override
		public ChannelFuture register(ChannelPromise promise) {
			return next().register(promise);
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public ChannelFuture register(Channel channel, ChannelPromise promise) {
			return next().register(channel, promise);
		}

		@Override
		public Iterator<EventExecutor> iterator() {
			return this.shared.iterator();
		}

		@Override
		public boolean isShuttingDown() {
			return this.shared.isShuttingDown();
		}

		/** The loops are not Lettuce's to shut down; this answers when they end. */
		@Override
		public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
			return this.shared.terminationFuture();
		}

		@Override
		public Future<?> terminationFuture() {
			return this.shared.terminationFuture();
		}

		@Override
		@Deprecated
		public void shutdown() {
		}

		@Override
		public List<Runnable> shutdownNow() {
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return this.shared.isShutdown();
		}

		@Override
		public boolean isTerminated() {
			return this.shared.isTerminated();
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
			return this.shared.awaitTermination(timeout, unit);
		}

	}

}
