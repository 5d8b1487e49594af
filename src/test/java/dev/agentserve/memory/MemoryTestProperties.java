package dev.agentserve.memory;

import java.time.Duration;
import java.util.Map;

/** {@link MemoryProperties} with the defaults, for unit tests. */
final class MemoryTestProperties {

	private MemoryTestProperties() {
	}

	static MemoryProperties withTokenizers(Map<String, String> tokenizers) {
		return new MemoryProperties("local", 0, 10_000, 4000, 16, 128, "auto", tokenizers, Duration.ofSeconds(30),
				false);
	}

	static MemoryProperties defaults() {
		return withTokenizers(Map.of());
	}

}
