package dev.agentserve.turn;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.agentserve.agent.TurnStep;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace as the turn's hash stores it: compact, and read back unchanged. */
class TurnRecordTraceTests {

	private static final Instant AT = Instant.parse("2026-11-22T08:14:35.753Z");

	@Test
	void zerosAndNullsAreLeftOutAndReadBackAsSuch() {
		List<TurnStep> trace = List.of(new TurnStep.Model(1, AT, null, 73, 18, 10, 0, "tool_calls"),
				new TurnStep.Tool(1, "call_1", "calculator", AT, 0, "ok", 1),
				new TurnStep.Model(2, AT, 12L, 40, 30, 5, 3, "stop"));

		String stored = TurnRecord.encodeTrace(trace);

		assertThat(stored).doesNotContain("firstTokenMs\":null", "\"reasoningTokens\":0", "\"durationMs\":0")
			.contains("\"type\":\"model\"", "\"type\":\"tool\"", "\"reasoningTokens\":3", "\"firstTokenMs\":12");
		assertThat(TurnRecord.decode(Map.of("trace", stored)).trace()).isEqualTo(trace);
	}

}
