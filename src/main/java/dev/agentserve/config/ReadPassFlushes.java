package dev.agentserve.config;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sends the commands written during one read pass of a Redis channel in at most two
 * writes: the first at once, the rest together when the pass ends. Outside a read pass
 * every flush goes out at once.
 * <p>
 * Lettuce flushes each command on its own, so each is a system call. Most of a turn's
 * commands are written on Lettuce's event loop while it reads replies (a reply completes
 * a command, and the turn goes on to its next one there), and under load a read pass
 * answers many turns: their next commands are then one write instead of one each. The
 * first command of a pass still goes out at once, so a lone turn (one reply per pass)
 * does not wait for the rest of the pass's work before Redis sees its next command: Redis
 * runs on another core and answers while the loop carries on. Netty's
 * {@code FlushConsolidationHandler} holds that first flush too, which measured 10% slower
 * for a single client. Nothing is reordered (flushes only send what was written, in
 * order), and nothing is held past the pass, a close or an exception: nor past the event
 * loop's turn, should a transport ever read without completing the pass (a held flush
 * also queues a task on the loop, which runs once its I/O is done).
 */
final class ReadPassFlushes extends ChannelDuplexHandler {

	private boolean reading;

	private boolean sentThisPass;

	private boolean held;

	private boolean sweepQueued;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.reading = true;
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.reading = false;
		this.sentThisPass = false;
		flushHeld(ctx);
		ctx.fireChannelReadComplete();
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		if (!this.reading || !this.sentThisPass) {
			this.sentThisPass = this.reading;
			this.held = false;
			ctx.flush();
		}
		else {
			this.held = true;
			if (!this.sweepQueued) {
				this.sweepQueued = true;
				ctx.executor().execute(() -> sweep(ctx));
			}
		}
	}

	/**
	 * Runs after the loop's I/O: no read pass is under way then, so whatever is still
	 * held goes out.
	 */
	private void sweep(ChannelHandlerContext ctx) {
		this.sweepQueued = false;
		this.reading = false;
		this.sentThisPass = false;
		flushHeld(ctx);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (!ctx.channel().isWritable()) {
			// The outbound buffer is full: send what it holds rather than wait for the
			// pass.
			flushHeld(ctx);
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		flushHeld(ctx);
		ctx.fireExceptionCaught(cause);
	}

	@Override
	public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
		flushHeld(ctx);
		ctx.disconnect(promise);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		flushHeld(ctx);
		ctx.close(promise);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		flushHeld(ctx);
	}

	private void flushHeld(ChannelHandlerContext ctx) {
		if (this.held) {
			this.held = false;
			ctx.flush();
		}
	}

}
