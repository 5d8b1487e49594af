package dev.agentserve.tool;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.agentserve.model.ToolCall;
import dev.agentserve.telemetry.ToolCallObservation;
import dev.agentserve.telemetry.TurnTelemetry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Runs the tool calls of one model round: in parallel (bounded), each validated, timed
 * out and retried on transient failures. It never fails: every problem becomes a
 * {@link ToolOutcome} with an error the model can read and act on.
 */
@Component
public class ToolExecutor {

	private static final Logger log = LoggerFactory.getLogger(ToolExecutor.class);

	/** One line per tool call: who, where, what, how long, how it ended. */
	private static final Logger audit = LoggerFactory.getLogger("dev.agentserve.audit.tool");

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final ToolRegistry registry;

	private final ToolProperties properties;

	private final ArgumentValidator validator = new ArgumentValidator();

	private final Map<String, ToolStats> stats = new ConcurrentHashMap<>();

	private final ToolCallLimiter limiter;

	private final TurnTelemetry telemetry;

	private final ToolBreakers breakers;

	private final @Nullable ToolResultCache cache;

	ToolExecutor(ToolRegistry registry, ToolProperties properties, ObjectProvider<ToolCallLimiter> limiter,
			TurnTelemetry telemetry) {
		this(registry, properties, limiter, telemetry, null);
	}

	@Autowired
	ToolExecutor(ToolRegistry registry, ToolProperties properties, ObjectProvider<ToolCallLimiter> limiter,
			TurnTelemetry telemetry, @Nullable ToolResultCache cache) {
		this.registry = registry;
		this.properties = properties;
		this.limiter = limiter.getIfAvailable(() -> ToolCallLimiter.UNLIMITED);
		this.telemetry = telemetry;
		this.breakers = new ToolBreakers(properties.breaker());
		this.cache = cache;
	}

	/** Runs the calls, emitting each outcome as it completes. */
	public Flux<ToolOutcome> execute(List<ToolCall> calls, Collection<String> allowed, ToolContext context) {
		return Flux.fromIterable(calls)
			.flatMap((call) -> execute(call, allowed, context), this.properties.maxParallel());
	}

	/**
	 * Runs one call. Tools outside {@code allowed} are treated as unknown. Observed as a
	 * child of the observation in the subscriber's context (the turn's).
	 */
	public Mono<ToolOutcome> execute(ToolCall call, Collection<String> allowed, ToolContext context) {
		return Mono.deferContextual((reactor) -> {
			boolean known = ToolNames.allows(allowed, call.name()) && this.registry.find(call.name()).isPresent();
			ToolCallObservation observation = this.telemetry.startToolCall(call.name(), known, call.id(),
					context.turnId(), reactor);
			return attempt(call, allowed, context).doOnNext((outcome) -> {
				observation.end(outcome.outcome(), outcome.attempts());
				observation.scoped(() -> audit(call, outcome, context));
			}).doOnCancel(() -> observation.end("cancelled", 0));
		});
	}

	private void audit(ToolCall call, ToolOutcome outcome, ToolContext context) {
		Tool tool = this.registry.find(call.name()).orElse(null);
		String arguments = (tool != null) ? String.valueOf(tool.auditArguments(call.arguments())) : "[unknown tool]";
		audit.info("tool_call user={} session={} turn={} tool={} callId={} durationMs={} outcome={} args={}",
				context.userId(), context.sessionId(), context.turnId(), quoted(call.name()), call.id(),
				outcome.durationMs(), outcome.failed() ? "error" : "ok", quoted(arguments));
	}

	/** Keeps model-chosen text from forging audit lines. */
	private static String quoted(String text) {
		return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ") + '"';
	}

	private Mono<ToolOutcome> attempt(ToolCall call, Collection<String> allowed, ToolContext context) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			Tool tool = ToolNames.allows(allowed, call.name()) ? this.registry.find(call.name()).orElse(null) : null;
			if (tool == null) {
				List<String> known = this.registry.all()
					.stream()
					.map(Tool::name)
					.filter((name) -> ToolNames.allows(allowed, name))
					.toList();
				return Mono.just(new ToolOutcome(call.id(), call.name(), null,
						"Unknown tool '" + call.name() + "'. Did you mean: "
								+ String.join(", ", ClosestNames.of(call.name(), known, 3)) + "?",
						0, ToolOutcome.UNKNOWN_TOOL, 0));
			}
			if (!call.arguments().isObject()) {
				return Mono.just(failure(tool, call, ToolOutcome.INVALID_ARGUMENTS,
						"Invalid arguments for " + tool.name() + ": expected a JSON object, got " + call.arguments(),
						start, 0));
			}
			List<String> problems = this.validator.validate(tool, call.arguments());
			if (!problems.isEmpty()) {
				return Mono.just(failure(tool, call, ToolOutcome.INVALID_ARGUMENTS,
						"Invalid arguments for " + tool.name() + ": " + String.join("; ", problems), start, 0));
			}
			ToolStatus status = tool.status();
			if (status != ToolStatus.AVAILABLE) {
				return Mono.just(failure(tool, call, ToolOutcome.UNAVAILABLE,
						tool.name() + " is " + status.value() + " right now; try again later or answer without it",
						start, 0));
			}
			Duration ttl = this.properties.cacheTtlOf(tool.name());
			ToolResultCache cache = (ttl == null || ttl.isZero()) ? null : this.cache;
			// The limit and the cache are read at once: one round trip before the tool
			// runs, not two (a refused call has read the cache for nothing).
			Mono<Optional<JsonNode>> cached = (cache != null)
					? cache.get(tool, call.arguments()).map(Optional::of).defaultIfEmpty(Optional.empty())
					: Mono.just(Optional.empty());
			return Mono.zip(this.limiter.acquire(context), cached).flatMap((checked) -> {
				Duration wait = checked.getT1();
				if (!wait.isZero()) {
					return Mono.just(failure(tool, call, ToolOutcome.LIMITED,
							"The tool-call limit of this session is reached; try again in "
									+ Math.max(1, (wait.toMillis() + 999) / 1000) + " s or answer without the tool",
							start, 0));
				}
				if (checked.getT2().isPresent()) {
					return Mono.just(record(tool, new ToolOutcome(call.id(), tool.name(), checked.getT2().get(), null,
							elapsedMillis(start), ToolOutcome.OK, 0, true)));
				}
				return run(tool, call, context, start,
						(cache != null) ? (result) -> cache.put(tool, call.arguments(), result, ttl) : null);
			});
		});
	}

	/**
	 * Runs the tool within its circuit breaker; {@code keep} stores a successful result
	 * in the cache, behind the outcome: the turn goes on without waiting for the write
	 * (which never fails the call). A later read on this replica still finds it: the data
	 * connection answers commands in the order they were sent.
	 */
	private Mono<ToolOutcome> run(Tool tool, ToolCall call, ToolContext context, long start,
			@Nullable Function<JsonNode, Mono<Void>> keep) {
		CircuitBreaker breaker = this.breakers.of(tool.name());
		if (!breaker.tryAcquirePermission()) {
			return Mono.just(failure(tool, call, ToolOutcome.UNAVAILABLE, tool.name()
					+ " failed too often and is paused (circuit breaker open); try again later or answer without it",
					start, 0));
		}
		AtomicInteger attempts = new AtomicInteger();
		long breakerStart = System.nanoTime();
		return invoke(tool, call, context, attempts).flatMap((output) -> {
			breaker.onSuccess(System.nanoTime() - breakerStart, TimeUnit.NANOSECONDS);
			ToolOutcome outcome = record(tool, new ToolOutcome(call.id(), tool.name(), output.value(), null,
					elapsedMillis(start), ToolOutcome.OK, attempts.get()));
			if (keep != null) {
				keep.apply(output.value()).subscribe();
			}
			return Mono.just(outcome);
		}).onErrorResume((ex) -> {
			breaker.onError(System.nanoTime() - breakerStart, TimeUnit.NANOSECONDS, ex);
			return Mono
				.just(failure(tool, call, (ex instanceof TimeoutException) ? ToolOutcome.TIMEOUT : ToolOutcome.ERROR,
						describe(tool, ex), start, attempts.get()));
		}).doOnCancel(breaker::releasePermission);
	}

	/** Every registered tool with its counters on this replica. */
	public List<ToolStatsView> stats() {
		return this.registry.all()
			.stream()
			.map((tool) -> this.stats.computeIfAbsent(tool.name(), (name) -> new ToolStats())
				.view(tool, statusOf(tool), this.breakers.state(tool.name())))
			.toList();
	}

	/** The tool's own status, or {@code unavailable} while its breaker is open. */
	public ToolStatus statusOf(Tool tool) {
		ToolStatus own = tool.status();
		return (own == ToolStatus.AVAILABLE && this.breakers.open(tool.name())) ? ToolStatus.UNAVAILABLE : own;
	}

	private Mono<ToolOutput> invoke(Tool tool, ToolCall call, ToolContext context, AtomicInteger runs) {
		Mono<ToolOutput> attempt = Mono.defer(() -> {
			runs.incrementAndGet();
			return tool.call(call.arguments(), context);
		});
		if (tool.blocking()) {
			attempt = attempt.subscribeOn(Schedulers.boundedElastic());
		}
		int attempts = this.properties.maxAttemptsOf(tool.name());
		return attempt.timeout(this.properties.timeoutOf(tool.name()))
			.retryWhen(Retry.backoff(attempts - 1, this.properties.backoff())
				.maxBackoff(MAX_BACKOFF)
				.jitter(0.5)
				.filter(ToolExecutor::isTransient)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private static boolean isTransient(Throwable ex) {
		return ex instanceof ToolException toolException && toolException.isTransient();
	}

	private String describe(Tool tool, Throwable ex) {
		if (ex instanceof TimeoutException) {
			return tool.name() + " timed out after " + this.properties.timeoutOf(tool.name()).toMillis() + " ms";
		}
		if (ex instanceof ToolException) {
			return ex.getMessage();
		}
		log.warn("Tool {} failed unexpectedly", tool.name(), ex);
		return tool.name() + " failed: " + ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	private ToolOutcome failure(Tool tool, ToolCall call, String outcome, String error, long start, int attempts) {
		return record(tool,
				new ToolOutcome(call.id(), tool.name(), null, error, elapsedMillis(start), outcome, attempts));
	}

	private ToolOutcome record(Tool tool, ToolOutcome outcome) {
		this.stats.computeIfAbsent(tool.name(), (name) -> new ToolStats()).record(outcome);
		return outcome;
	}

	private static long elapsedMillis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
