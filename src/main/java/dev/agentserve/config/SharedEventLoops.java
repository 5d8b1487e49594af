package dev.agentserve.config;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import reactor.netty.resources.LoopResources;

/**
 * Lettuce's event loops are the HTTP server's ({@link ServerLoops}), so a Redis reply,
 * the turn code it resumes and the SSE frame that code writes run on one thread. With
 * loops of their own every round trip crossed threads twice (the command handed to
 * Lettuce's loop, the reply's continuation writing to the HTTP channel's loop), each a
 * task queue and a wake-up of another thread; on a one-core replica that was a context
 * switch per hop. {@link ServerLoops} owns the loops and shuts them down after the Redis
 * connections have closed; Lettuce never releases them.
 */
final class SharedEventLoops implements EventLoopGroupProvider {

	private final EventLoopGroup loops;

	private SharedEventLoops(EventLoopGroup loops) {
		this.loops = loops;
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
		return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
	}

}
