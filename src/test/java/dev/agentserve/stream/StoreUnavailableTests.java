package dev.agentserve.stream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnavailableTests {

	@Test
	void timeoutsAndLostConnectionsAreUnavailability() {
		assertThat(StoreUnavailable.is(new QueryTimeoutException("Redis command timed out"))).isTrue();
		assertThat(StoreUnavailable.is(new RedisConnectionFailureException("Unable to connect"))).isTrue();
		assertThat(StoreUnavailable.is(new IllegalStateException(new RedisCommandTimeoutException("timed out"))))
			.isTrue();
	}

	@Test
	void aRedisThatIsNotServingIsUnavailability() {
		for (String reply : new String[] { "READONLY You can't write against a read only replica.",
				"LOADING Redis is loading the dataset in memory", "MASTERDOWN Link with MASTER is down" }) {
			assertThat(StoreUnavailable
				.is(new RedisSystemException("Error in execution", new RedisCommandExecutionException(reply))))
				.as(reply)
				.isTrue();
		}
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(StoreUnavailable.is(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("ERR unknown command 'FOO'"))))
			.isFalse();
		assertThat(StoreUnavailable.is(new IllegalStateException("READONLY is not a Redis reply here"))).isFalse();
	}

}
