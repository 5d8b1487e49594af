package dev.agentserve.api;

import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.TurnBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** A problem carries the catalogue's code, status, properties and Retry-After. */
class ProblemMapperTests {

	private final ProblemMapper mapper = new ProblemMapper();

	@Test
	void aReadOnlyReplicaIs503WithRetryAfterNot500() {
		Problem problem = this.mapper.map(
				new RedisSystemException("Error in execution",
						new RedisCommandExecutionException("READONLY You can't write against a read only replica.")),
				"POST", "/sessions");
		assertThat(problem.status()).isEqualTo(503);
		assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(problem.body().getProperties()).containsEntry("code", "unavailable");
	}

	@Test
	void aLettuceTimeoutIs503WithRetryAfter() {
		Problem problem = this.mapper.map(new RedisCommandTimeoutException("Command timed out after 2 second(s)"),
				"GET", "/sessions");
		assertThat(problem.status()).isEqualTo(503);
		assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	@Test
	void anExhaustedBudgetIs429WithoutRetryAfter() {
		Problem problem = this.mapper.map(new BudgetExhaustedException("s1", 100), "POST", "/sessions/s1/chat");
		assertThat(problem.status()).isEqualTo(429);
		assertThat(problem.headers().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
		assertThat(problem.body().getProperties()).containsEntry("code", "budget");
	}

	@Test
	void busyNamesTheRunningTurn() {
		Problem problem = this.mapper.map(new TurnBusyException("t3"), "POST", "/sessions/s1/chat");
		assertThat(problem.status()).isEqualTo(409);
		assertThat(problem.body().getProperties()).containsEntry("turnId", "t3").containsEntry("code", "busy");
		assertThat(problem.body().getInstance()).hasToString("/sessions/s1/chat");
	}

}
