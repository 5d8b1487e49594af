package dev.agentserve.turn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/** One pub/sub connection per replica, shared by every follower of a turn. */
@Configuration(proxyBeanMethods = false)
class TurnConfiguration {

	@Bean(destroyMethod = "destroy")
	ReactiveRedisMessageListenerContainer turnListenerContainer(ReactiveRedisConnectionFactory connectionFactory) {
		return new ReactiveRedisMessageListenerContainer(connectionFactory);
	}

}
