package dev.agentserve.error;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import dev.agentserve.agent.UnknownAgentException;
import dev.agentserve.limit.RateLimitedException;
import dev.agentserve.limit.RateLimits;
import dev.agentserve.session.InvalidTtlException;
import dev.agentserve.session.SessionLimitExceededException;
import dev.agentserve.session.SessionNotFoundException;
import dev.agentserve.approval.ApprovalException;
import dev.agentserve.turn.BudgetExhaustedException;
import dev.agentserve.turn.InvalidMessageException;
import dev.agentserve.turn.NoRunningTurnException;
import dev.agentserve.turn.ShuttingDownException;
import dev.agentserve.turn.TooManyTurnsException;
import dev.agentserve.turn.TurnBusyException;
import dev.agentserve.turn.TurnNotFoundException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.Exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ErrorCatalogueTests {

	static Stream<Arguments> failures() {
		return Stream.of(arguments(new SessionNotFoundException("s1"), "not_found", 404, null),
				arguments(new TurnNotFoundException("t1"), "not_found", 404, null),
				arguments(new UnknownAgentException("nope", List.of("assistant")), "unknown_agent", 400, null),
				arguments(new InvalidTtlException(0, Duration.ofSeconds(1), Duration.ofHours(1)), "invalid_ttl", 400,
						null),
				arguments(new SessionLimitExceededException(10), "too_many_sessions", 429, 60L),
				arguments(new TurnBusyException("t1"), "busy", 409, null),
				arguments(new NoRunningTurnException("s1"), "no_running_turn", 409, null),
				arguments(new ApprovalException(ApprovalException.Reason.INVALID, "bad"), "invalid_approval", 400,
						null),
				arguments(new ApprovalException(ApprovalException.Reason.UNKNOWN, "no"), "approval_not_found", 404,
						null),
				arguments(new ApprovalException(ApprovalException.Reason.DECIDED, "done"), "already_decided", 409,
						null),
				arguments(new ShuttingDownException(), "shutting_down", 503, 5L),
				arguments(new BudgetExhaustedException("s1", 100), "budget", 429, null),
				arguments(new TooManyTurnsException(4), "too_many_turns", 429, 5L),
				arguments(new InvalidMessageException("too long", true), "too_large", 413, null),
				arguments(new InvalidMessageException("blank", false), "invalid_message", 400, null),
				arguments(rateLimited(Duration.ofMillis(1500)), "rate_limited", 429, 2L),
				arguments(new MethodNotAllowedException(HttpMethod.PUT, List.of(HttpMethod.GET)), "method_not_allowed",
						405, null),
				arguments(new MalformedRequestException(MalformedRequestException.Kind.URI_TOO_LONG, "long"),
						"uri_too_long", 414, null),
				arguments(new MalformedRequestException(MalformedRequestException.Kind.HEADERS_TOO_LARGE, "big"),
						"headers_too_large", 431, null),
				arguments(new dev.agentserve.memory.MemoryNotFoundException("mem_x"), "not_found", 404, null),
				arguments(new dev.agentserve.memory.InvalidMemoryException("too long"), "invalid_memory", 400, null),
				arguments(new dev.agentserve.memory.EmbeddingException("down", null), "embedding_unavailable", 503, 5L),
				arguments(new IllegalStateException("secret internal state"), "internal", 500, null));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("failures")
	void eachFailureHasItsCodeStatusAndRetryAfter(Throwable failure, String code, int status,
			@Nullable Long retryAfter) {
		ErrorEntry entry = ErrorCatalogue.of(failure);
		assertThat(entry.code()).isEqualTo(code);
		assertThat(entry.status()).isEqualTo(status);
		assertThat(entry.retryAfterSeconds()).isEqualTo(retryAfter);
		assertThat(entry.detail()).isNotBlank();
	}

	static Stream<Arguments> storeOutages() {
		return Stream.of(arguments(new DataAccessResourceFailureException("down")),
				arguments(new QueryTimeoutException("slow")),
				arguments(new RedisConnectionFailureException("Unable to connect to Redis")),
				arguments(new RedisCommandTimeoutException("Command timed out after 2 second(s)")),
				arguments(new RedisConnectionException("Unable to connect to 127.0.0.1:1")),
				arguments(new RedisReadOnlyException("READONLY You can't write against a read only replica.")),
				arguments(new RedisLoadingException("LOADING Redis is loading the dataset in memory")),
				arguments(new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down")),
				arguments(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")),
				arguments(new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing")),
				arguments(new RedisBusyException("BUSY Redis is busy running a script")),
				arguments(new RedisSystemException("Error in execution",
						new RedisCommandExecutionException("READONLY You can't write against a read only replica."))),
				arguments(new RedisSystemException("Error in execution", new RedisException("Connection closed"))),
				arguments(new RedisSystemException("Error in execution",
						new RedisCommandExecutionException("ERR Error running script (call to f_48d9): @user_script:7: "
								+ "@user_script: 7: -READONLY You can't write against a read only replica."))),
				arguments(new RedisException("Connection closed")),
				arguments(new RedisException("Currently not connected. Commands are rejected.")),
				arguments(new IllegalStateException("wrapped",
						new CompletionException(
								new RedisCommandTimeoutException("Command timed out after 2 second(s)")))),
				arguments(Exceptions.propagate(new IOException("x", new RedisConnectionException("refused")))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("storeOutages")
	void aRedisOutageIsUnavailableWithRetryAfter(Throwable failure) {
		ErrorEntry entry = ErrorCatalogue.of(failure);
		assertThat(entry.code()).isEqualTo("unavailable");
		assertThat(entry.status()).isEqualTo(503);
		assertThat(entry.retryAfterSeconds()).isEqualTo(5L);
		assertThat(entry.detail()).isEqualTo(ErrorCatalogue.UNAVAILABLE_DETAIL);
	}

	@Test
	void aRedisErrorThatIsNoOutageIsInternal() {
		assertThat(ErrorCatalogue
			.of(new RedisSystemException("Error in execution",
					new RedisCommandExecutionException("ERR wrong number of arguments for 'hset' command")))
			.code()).isEqualTo("internal");
		assertThat(ErrorCatalogue.of(new RedisBusyException("BUSYGROUP Consumer Group name already exists")).code())
			.isEqualTo("internal");
		assertThat(ErrorCatalogue.of(new RedisCommandExecutionException(
				"ERR Error running script (call to f_1): @user_script:3: user_script:3: attempt to index a nil value"))
			.code()).isEqualTo("internal");
	}

	@Test
	void anInternalErrorNeverLeaksItsText() {
		ErrorEntry entry = ErrorCatalogue.of(new IllegalStateException("password=hunter2"));
		assertThat(entry.detail()).isEqualTo(ErrorCatalogue.INTERNAL_DETAIL).doesNotContain("hunter2");
	}

	@Test
	void busyCarriesTheRunningTurnAndAnUnknownAgentTheKnownOnes() {
		assertThat(ErrorCatalogue.of(new TurnBusyException("t9")).properties()).containsEntry("turnId", "t9");
		assertThat(ErrorCatalogue.of(new UnknownAgentException("x", List.of("a", "b"))).properties())
			.containsEntry("knownAgentTypes", List.of("a", "b"));
	}

	@Test
	void codecFailuresCloseTheConnectionButAnInvalidUriDoesNot() {
		assertThat(ErrorCatalogue.of(new MalformedRequestException(MalformedRequestException.Kind.MALFORMED, "x"))
			.headers()).containsEntry("Connection", "close");
		assertThat(ErrorCatalogue.of(new MalformedRequestException(MalformedRequestException.Kind.INVALID_URI, "x"))
			.headers()).doesNotContainKey("Connection");
	}

	private static RateLimitedException rateLimited(Duration retryAfter) {
		return RateLimits.exception(retryAfter);
	}

}
