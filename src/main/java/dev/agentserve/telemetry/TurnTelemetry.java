package dev.agentserve.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Starts the observations of turns, model rounds and tool calls, and keeps the meters
 * that are no observation: time to first event and token, tokens, model errors, active
 * SSE streams and the event log's flush sizes. Nothing here runs per streamed token or
 * per Redis command: a turn costs one observation, plus one per model round and tool
 * call.
 * <p>
 * The parent of a turn's observation travels in the Reactor context under
 * {@link ObservationThreadLocalAccessor#KEY}, the key Spring's HTTP server observation
 * uses, so the turn's span is a child of the request's span without thread-local
 * propagation on every signal.
 */
@Component
public class TurnTelemetry {

	/** Names of the meters this class registers (the observations add theirs). */
	public static final String FIRST_EVENT = "agentserve.turn.first.event";

	public static final String FIRST_TOKEN = "agentserve.model.first.token";

	public static final String TOKENS = "agentserve.model.tokens";

	public static final String MODEL_ERRORS = "agentserve.model.errors";

	public static final String FLUSH_BATCH = "agentserve.turn.flush.batch";

	public static final String ACTIVE_STREAMS = "agentserve.streams.active";

	/**
	 * Histogram buckets of the latency timers: a few fixed ones rather than Micrometer's
	 * ~70 percentile buckets, so a scrape stays small; enough for p50 / p99 in
	 * Prometheus.
	 */
	static final Duration[] BUCKETS = Stream
		.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L, 60_000L, 120_000L)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	private final ObservationRegistry observations;

	private final MeterRegistry meters;

	private final DistributionSummary flushBatch;

	private final AtomicInteger sseStreams = new AtomicInteger();

	/** Meters by agent, provider and model: a few configured names, so bounded. */
	private final Map<String, ModelMeters> modelMeters = new ConcurrentHashMap<>();

	private final Map<String, Timer> firstEvent = new ConcurrentHashMap<>();

	public TurnTelemetry(ObservationRegistry observations, MeterRegistry meters) {
		this.observations = observations;
		this.meters = meters;
		this.flushBatch = DistributionSummary.builder(FLUSH_BATCH)
			.description("Events written to a turn's event log in one round trip")
			.baseUnit("events")
			.register(meters);
		Gauge.builder(ACTIVE_STREAMS, this.sseStreams, AtomicInteger::get)
			.description("Open event streams to clients")
			.tag("transport", "sse")
			.register(meters);
	}

	/** For tests: no observations, meters kept in memory. */
	public static TurnTelemetry inMemory() {
		return new TurnTelemetry(ObservationRegistry.NOOP, new SimpleMeterRegistry());
	}

	/**
	 * Starts a turn's observation, a child of the one in {@code context} (the request's,
	 * see {@link #detached}) if there is one.
	 */
	public TurnObservation startTurn(String agent, String provider, String model, String sessionId, String turnId,
			ContextView context) {
		TurnObservationContext turn = new TurnObservationContext(agent, provider, model, sessionId, turnId);
		Observation observation = AgentObservationDocumentation.TURN
			.observation(null, new TurnObservationConvention(), () -> turn, this.observations)
			.parentObservation(parentOf(context))
			.start();
		return new TurnObservation(this, observation, turn);
	}

	/**
	 * Starts a tool call's observation, a child of the turn's observation found in
	 * {@code context}.
	 * @param registered whether {@code tool} names a registered tool the agent may call;
	 * if not, it is tagged {@code unknown}
	 */
	public ToolCallObservation startToolCall(String tool, boolean registered, String callId, String turnId,
			ContextView context) {
		ToolCallObservationContext call = new ToolCallObservationContext(
				registered ? tool : ToolCallObservationContext.UNKNOWN_TOOL, tool, callId, turnId);
		Observation observation = AgentObservationDocumentation.TOOL_CALL
			.observation(null, new ToolCallObservationConvention(), () -> call, this.observations)
			.parentObservation(parentOf(context))
			.start();
		return new ToolCallObservation(observation, call);
	}

	/**
	 * Records one write of a turn's event log: {@code events} events in one round trip
	 * (for the event log's writer; a summary, not an observation, as it runs per flush).
	 */
	public void flushed(int events) {
		this.flushBatch.record(events);
	}

	/** Counts {@code stream} as an open SSE stream from subscription to its end. */
	public <T> Flux<T> sseStream(Flux<T> stream) {
		return Flux.defer(() -> {
			this.sseStreams.incrementAndGet();
			return stream.doFinally((signal) -> this.sseStreams.decrementAndGet());
		});
	}

	/**
	 * The Reactor context to run detached work in: only the current observation of
	 * {@code request} (a turn outlives its request; nothing else of it should ride
	 * along).
	 */
	public static Context detached(ContextView request) {
		Observation parent = parentOf(request);
		return (parent != null) ? Context.of(ObservationThreadLocalAccessor.KEY, parent) : Context.empty();
	}

	/** {@code context} with {@code observation} as the parent of what runs inside. */
	public static Context withParent(Context context, TurnObservation observation) {
		return context.put(ObservationThreadLocalAccessor.KEY, observation.observation());
	}

	/** {@code context} with {@code observation} as the parent of what runs inside. */
	public static Context withParent(Context context, ModelRoundObservation observation) {
		return context.put(ObservationThreadLocalAccessor.KEY, observation.observation());
	}

	static @Nullable Observation parentOf(ContextView context) {
		Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return (parent != null && !parent.isNoop()) ? parent : null;
	}

	ObservationRegistry observations() {
		return this.observations;
	}

	void firstEvent(String agent, long nanos) {
		this.firstEvent
			.computeIfAbsent(agent,
					(key) -> Timer.builder(FIRST_EVENT)
						.description("Time from a turn's start to its first event after turn_started")
						.tag("agent", key)
						.serviceLevelObjectives(BUCKETS)
						.register(this.meters))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	ModelMeters modelMeters(String agent, String provider, String model) {
		return this.modelMeters.computeIfAbsent(agent + '\n' + provider + '\n' + model,
				(key) -> new ModelMeters(this.meters, agent, provider, model));
	}

	/** The meters of one agent's model. */
	static final class ModelMeters {

		private final MeterRegistry registry;

		private final String agent;

		private final String provider;

		private final String model;

		final Timer firstToken;

		final Counter inputTokens;

		final Counter outputTokens;

		final Counter reasoningTokens;

		ModelMeters(MeterRegistry registry, String agent, String provider, String model) {
			this.registry = registry;
			this.agent = agent;
			this.provider = provider;
			this.model = model;
			this.firstToken = Timer.builder(FIRST_TOKEN)
				.description("Time from a model request to its first streamed event")
				.tags("agent", agent, "provider", provider, "model", model)
				.serviceLevelObjectives(BUCKETS)
				.register(registry);
			this.inputTokens = tokens("input");
			this.outputTokens = tokens("output");
			this.reasoningTokens = tokens("reasoning");
		}

		private Counter tokens(String type) {
			return Counter.builder(TOKENS)
				.description("Tokens the models reported, by type")
				.tags("agent", this.agent, "provider", this.provider, "model", this.model, "type", type)
				.baseUnit("tokens")
				.register(this.registry);
		}

		void error(Throwable ex) {
			Counter.builder(MODEL_ERRORS)
				.description("Model rounds that failed (transport, provider error, malformed stream)")
				.tags("agent", this.agent, "provider", this.provider, "model", this.model, "error",
						ex.getClass().getSimpleName())
				.register(this.registry)
				.increment();
		}

	}

}
