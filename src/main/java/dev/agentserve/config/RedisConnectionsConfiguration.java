package dev.agentserve.config;

import dev.agentserve.limit.RedisBacklog;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Two Redis connections: the data connection Spring Boot configures (sessions, turn
 * events, everything a request does), and a small control connection for the commands
 * that keep running turns alive: lease renewals, cancel polls. Lettuce multiplexes all
 * commands of a connection in order, so under load a renewal on the data connection would
 * wait behind thousands of appends and could time out until the lease expired and a
 * healthy turn was reaped; on its own connection it waits only for Redis itself. The
 * control template is no default candidate: only code that asks for it by name
 * ({@code @Qualifier("controlRedis")}) gets it.
 */
@Configuration(proxyBeanMethods = false)
class RedisConnectionsConfiguration {

	@Bean(defaultCandidate = false)
	ReactiveStringRedisTemplate controlRedis(ControlConnection connection) {
		return new ReactiveStringRedisTemplate(connection.factory);
	}

	@Bean
	ControlConnection controlRedisConnection(LettuceConnectionFactory data) {
		return new ControlConnection(data);
	}

	@Bean
	RedisConnectAtStart redisConnectAtStart(LettuceConnectionFactory data, ControlConnection control,
			RedisBacklog backlog) {
		return new RedisConnectAtStart(data, control.factory, backlog);
	}

	/**
	 * The control connection's factory, copied from the data one, started and stopped in
	 * the data factory's lifecycle phase: after the turn drain (renewals last as long as
	 * the data path does) and before an embedded Redis stops.
	 */
	static final class ControlConnection implements SmartLifecycle, DisposableBean {

		private final LettuceConnectionFactory factory;

		private final int phase;

		ControlConnection(LettuceConnectionFactory data) {
			LettuceConnectionFactory control;
			if (data.isClusterAware()) {
				control = new LettuceConnectionFactory(data.getClusterConfiguration(), data.getClientConfiguration());
			}
			else if (data.isRedisSentinelAware()) {
				control = new LettuceConnectionFactory(data.getSentinelConfiguration(), data.getClientConfiguration());
			}
			else {
				control = new LettuceConnectionFactory(data.getStandaloneConfiguration(),
						data.getClientConfiguration());
			}
			control.afterPropertiesSet();
			this.factory = control;
			this.phase = data.getPhase();
		}

		@Override
		public void start() {
			this.factory.start();
		}

		@Override
		public void stop() {
			this.factory.stop();
		}

		@Override
		public boolean isRunning() {
			return this.factory.isRunning();
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

		@Override
		public void destroy() {
			this.factory.destroy();
		}

	}

}
