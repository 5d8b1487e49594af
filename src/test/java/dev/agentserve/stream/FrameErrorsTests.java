package dev.agentserve.stream;

import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.TurnBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket error frame says what the HTTP API's problem says. */
class FrameErrorsTests {

	@Test
	void anExhaustedBudgetIsBudgetNotInternal() {
		BudgetExhaustedException budget = new BudgetExhaustedException("s1", 100);
		assertThat(FrameErrors.code(budget)).isEqualTo("budget");
		assertThat(FrameErrors.message(budget)).contains("token budget of 100");
	}

	@Test
	void aReadOnlyReplicaIsUnavailable() {
		RedisSystemException readOnly = new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("READONLY You can't write against a read only replica."));
		assertThat(FrameErrors.code(readOnly)).isEqualTo("unavailable");
		assertThat(FrameErrors.message(readOnly)).doesNotContain("READONLY");
	}

	@Test
	void busyCarriesTheRunningTurn() {
		assertThat(FrameErrors.code(new TurnBusyException("t7"))).isEqualTo("busy");
		assertThat(FrameErrors.turnId(new TurnBusyException("t7"))).isEqualTo("t7");
		assertThat(FrameErrors.turnId(new IllegalStateException())).isNull();
	}

	@Test
	void anInternalFailureGetsTheFixedSentence() {
		IllegalStateException bug = new IllegalStateException("secret");
		assertThat(FrameErrors.code(bug)).isEqualTo("internal");
		assertThat(FrameErrors.message(bug)).doesNotContain("secret").contains("has been logged");
	}

}
