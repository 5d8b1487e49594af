package dev.agentserve.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches the socket, and when, for commands written inside and outside a read pass.
 */
class ReadPassFlushesTests {

	@Test
	void outsideAReadPassEveryFlushGoesOutAtOnce() {
		EmbeddedChannel channel = new EmbeddedChannel(new ReadPassFlushes());
		channel.writeAndFlush("a");
		assertThat(channel.outboundMessages()).containsExactly("a");
		channel.writeAndFlush("b");
		assertThat(channel.outboundMessages()).containsExactly("a", "b");
	}

	@Test
	void inAReadPassTheFirstFlushGoesOutAtOnceAndTheRestWhenThePassEnds() {
		List<Integer> sentAfterEachFlush = new ArrayList<>();
		EmbeddedChannel channel = new EmbeddedChannel(new ReadPassFlushes(), onRead((ctx, reply) -> {
			for (String command : List.of(reply + "-1", reply + "-2", reply + "-3")) {
				ctx.channel().writeAndFlush(command);
				sentAfterEachFlush.add(((EmbeddedChannel) ctx.channel()).outboundMessages().size());
			}
		}));

		channel.writeInbound("r");

		assertThat(sentAfterEachFlush).containsExactly(1, 1, 1);
		assertThat(channel.outboundMessages()).containsExactly("r-1", "r-2", "r-3");

		// The next pass starts afresh: its first flush goes out at once again.
		sentAfterEachFlush.clear();
		channel.writeInbound("s");
		assertThat(sentAfterEachFlush).containsExactly(4, 4, 4);
		assertThat(channel.outboundMessages()).containsExactly("r-1", "r-2", "r-3", "s-1", "s-2", "s-3");
	}

	@Test
	void aCloseInAReadPassSendsWhatWasHeldFirst() {
		EmbeddedChannel channel = new EmbeddedChannel(new ReadPassFlushes(), onRead((ctx, reply) -> {
			ctx.channel().writeAndFlush("first");
			ctx.channel().writeAndFlush("held");
			ctx.channel().close();
		}));

		channel.writeInbound("r");

		assertThat(channel.outboundMessages()).containsExactly("first", "held");
	}

	@Test
	void anExceptionInAReadPassSendsWhatWasHeld() {
		EmbeddedChannel channel = new EmbeddedChannel(new ReadPassFlushes(), onRead((ctx, reply) -> {
			ctx.channel().writeAndFlush("first");
			ctx.channel().writeAndFlush("held");
			// As an I/O error does: from the socket end of the pipeline.
			ctx.pipeline().fireExceptionCaught(new IllegalStateException("connection reset"));
		}));

		try {
			channel.writeInbound("r");
		}
		catch (IllegalStateException expected) {
			// EmbeddedChannel rethrows what reached the end of the pipeline.
		}

		assertThat(channel.outboundMessages()).containsExactly("first", "held");
	}

	@Test
	void aHeldFlushGoesOutWhenTheLoopRunsItsTasksEvenIfThePassNeverEnds() {
		EmbeddedChannel channel = new EmbeddedChannel(new ReadPassFlushes(), onRead((ctx, reply) -> {
			ctx.writeAndFlush("first");
			ctx.writeAndFlush("held");
		}));

		// A read with no channelReadComplete after it; the embedded loop then runs its
		// tasks, as an event loop does once its I/O is done.
		channel.writeOneInbound("r");
		assertThat(channel.outboundMessages()).containsExactly("first", "held");

		// And the channel is out of the pass: the next flush goes out at once.
		channel.writeAndFlush("later");
		assertThat(channel.outboundMessages()).containsExactly("first", "held", "later");
	}

	private static ChannelInboundHandlerAdapter onRead(BiConsumer<ChannelHandlerContext, Object> action) {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) {
				action.accept(ctx, msg);
			}

		};
	}

}
