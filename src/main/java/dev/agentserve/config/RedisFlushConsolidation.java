package dev.agentserve.config;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every Redis channel (data, control and pub/sub connections share the client resources)
 * sends the commands of a read pass together ({@link ReadPassFlushes}).
 */
@Configuration(proxyBeanMethods = false)
class RedisFlushConsolidation {

	@Bean
	ClientResourcesBuilderCustomizer consolidatedRedisFlushes() {
		return (builder) -> builder.nettyCustomizer(new ReadPassCustomizer());
	}

	private static final class ReadPassCustomizer implements NettyCustomizer {

		@Override
		public void afterChannelInitialized(Channel channel) {
			channel.pipeline().addFirst(new ReadPassFlushes());
		}

	}

}
