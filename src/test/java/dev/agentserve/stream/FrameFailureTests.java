package dev.agentserve.stream;

import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.TurnBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket error frame says what the HTTP API's problem says. */
class FrameFailureTests {

	@Test
	void anExhaustedBudgetIsBudgetNotInternal() {
		BudgetExhaustedException budget = new BudgetExhaustedException("s1", 100);
		assertThat(FrameFailure.of(budget).code()).isEqualTo("budget");
		assertThat(FrameFailure.of(budget).message()).contains("token budget of 100");
	}

	@Test
	void aReadOnlyReplicaIsUnavailable() {
		RedisSystemException readOnly = new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("READONLY You can't write against a read only replica."));
		assertThat(FrameFailure.of(readOnly).code()).isEqualTo("unavailable");
		assertThat(FrameFailure.of(readOnly).message()).doesNotContain("READONLY");
	}

	@Test
	void busyCarriesTheRunningTurn() {
		assertThat(FrameFailure.of(new TurnBusyException("t7")).code()).isEqualTo("busy");
		assertThat(FrameFailure.turnId(new TurnBusyException("t7"))).isEqualTo("t7");
		assertThat(FrameFailure.turnId(new IllegalStateException())).isNull();
	}

	@Test
	void aRateLimitSaysWhenToRetry() {
		FrameFailure limited = FrameFailure
			.of(dev.agentserve.limit.RateLimits.exception(java.time.Duration.ofSeconds(7)));
		assertThat(limited.code()).isEqualTo("rate_limited");
		assertThat(limited.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(7));
		assertThat(limited.severity()).isEqualTo(FrameFailure.Severity.CLIENT);
	}

	@Test
	void anInternalFailureGetsTheFixedSentence() {
		IllegalStateException bug = new IllegalStateException("secret");
		assertThat(FrameFailure.of(bug).code()).isEqualTo("internal");
		assertThat(FrameFailure.of(bug).message()).doesNotContain("secret").contains("has been logged");
		assertThat(FrameFailure.of(bug).severity()).isEqualTo(FrameFailure.Severity.INTERNAL);
	}

}
