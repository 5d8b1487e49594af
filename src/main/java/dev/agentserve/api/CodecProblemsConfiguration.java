package dev.agentserve.api;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Installs {@link CodecProblemHandler} on every HTTP/1.1 connection, right after Reactor
 * Netty's codec.
 */
@Configuration(proxyBeanMethods = false)
class CodecProblemsConfiguration {

	static final String HANDLER_NAME = "agentserve.codecProblems";

	@Bean
	NettyServerCustomizer codecProblems(ProblemJson json) {
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new CodecProblemHandler(json));
			}
		});
	}

}
