package dev.agentserve.turn;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentserve.event.Cost;
import dev.agentserve.agent.RunInfo;
import dev.agentserve.agent.TurnStep;
import dev.agentserve.event.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A turn's hash in Redis, typed: the one codec of that stored shape (written by the Lua
 * scripts, read here). {@code trace} (the JSON of the loop's {@link TurnStep}s) and
 * {@code traceId} are written when the turn ends.
 */
record TurnRecord(String status, long seq, String user, String agentType, long startedAt, @Nullable Long endedAt,
		@Nullable Long durationMs, int steps, TokenUsage usage, @Nullable String errorCode, String errorMessage,
		@Nullable Cost cost, List<TurnStep> trace, @Nullable String traceId, List<RunInfo> runs) {

	static final String RUNNING = "running";

	private static final TypeReference<List<TurnStep>> STEPS = new TypeReference<>() {
	};

	private static final TypeReference<List<RunInfo>> RUNS = new TypeReference<>() {
	};

	/**
	 * Stores the trace without its zeros and nulls (no reasoning tokens, no first token,
	 * a tool that took 0 ms), read back as such: each is a dozen bytes or more per step,
	 * and the trace is the largest value of the hash.
	 */
	private static final ObjectWriter TRACE_WRITER = JsonMapper.builder()
		.addMixIn(TurnStep.class, LeaveOutDefaults.class)
		.build()
		.writerFor(STEPS);

	/**
	 * Reads a stored trace; a number left out is 0 (traces stored before, whole, too).
	 */
	private static final ObjectReader TRACE_READER = JsonMapper.shared()
		.readerFor(STEPS)
		.without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

	@JsonInclude(JsonInclude.Include.NON_DEFAULT)
	private interface LeaveOutDefaults {

	}

	boolean running() {
		return RUNNING.equals(this.status);
	}

	static TurnRecord decode(Map<String, String> hash) {
		return new TurnRecord(hash.getOrDefault("status", ""), number(hash, "seq"), hash.getOrDefault("user", ""),
				hash.getOrDefault("agentType", ""), number(hash, "startedAt"),
				hash.containsKey("endedAt") ? number(hash, "endedAt") : null,
				hash.containsKey("durationMs") ? number(hash, "durationMs") : null, (int) number(hash, "steps"),
				new TokenUsage(number(hash, "inputTokens"), number(hash, "outputTokens"),
						number(hash, "reasoningTokens")),
				hash.get("errorCode"), hash.getOrDefault("errorMessage", ""), cost(hash), trace(hash.get("trace")),
				hash.get("traceId"), runs(hash.get("runs")));
	}

	/** The ended turn's cost ({@code costNanos}, {@code currency} of its outcome). */
	private static @Nullable Cost cost(Map<String, String> hash) {
		String nanos = hash.get("costNanos");
		String currency = hash.get("currency");
		return (nanos != null && currency != null) ? Cost.ofNanos(Long.parseLong(nanos), currency) : null;
	}

	/** The hash field {@code trace}: the loop's steps, each with its {@code type}. */
	static String encodeTrace(List<TurnStep> trace) {
		return TRACE_WRITER.writeValueAsString(trace);
	}

	/** The hash field {@code runs}: the turn's child runs, each with its own. */
	static String encodeRuns(JsonMapper json, List<RunInfo> runs) {
		return json.writerFor(RUNS).writeValueAsString(runs);
	}

	private static List<RunInfo> runs(@Nullable String json) {
		return (json != null) ? JsonMapper.shared().readValue(json, RUNS) : List.of();
	}

	private static List<TurnStep> trace(@Nullable String json) {
		return (json != null) ? TRACE_READER.readValue(json) : List.of();
	}

	private static long number(Map<String, String> hash, String field) {
		String value = hash.get(field);
		return (value != null) ? (long) Double.parseDouble(value) : 0;
	}

}
