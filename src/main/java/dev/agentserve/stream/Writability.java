package dev.agentserve.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.NettyPipeline;

/**
 * Whether the channel takes more writes. Reactor Netty writes up to 128 frames ahead of
 * the socket whatever their size, so with large events the channel's own buffer, not the
 * {@link Outbox}, would hold a slow client's backlog; handing it a frame only while it is
 * under its high water mark keeps that backlog in the outbox, where it is bounded.
 */
final class Writability extends ChannelInboundHandlerAdapter {

	private final @Nullable Channel channel;

	private final Sinks.Many<Boolean> changes = Sinks.many().multicast().directBestEffort();

	private Writability(@Nullable Channel channel) {
		this.channel = channel;
	}

	static Writability of(@Nullable Channel channel) {
		Writability writability = new Writability(channel);
		if (channel != null) {
			if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
				channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, "agentserve.writability", writability);
			}
			else {
				channel.pipeline().addLast("agentserve.writability", writability);
			}
		}
		return writability;
	}

	/** Completes when the channel takes writes (at once, usually). */
	Mono<Void> ready() {
		Channel channel = this.channel;
		if (channel == null || channel.isWritable() || !channel.isActive()) {
			return Mono.empty();
		}
		// Listen first, then look: a change between the two is not missed.
		return Flux.merge(this.changes.asFlux(), Mono.fromCallable(() -> channel.isWritable() || !channel.isActive()))
			.filter((writable) -> writable)
			.next()
			.then();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		this.changes.tryEmitNext(ctx.channel().isWritable());
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.changes.tryEmitNext(true);
		super.channelInactive(ctx);
	}

	@Override
	public boolean isSharable() {
		return true;
	}

}
