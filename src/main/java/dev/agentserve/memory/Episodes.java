package dev.agentserve.memory;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Episodic memory ({@code memory.episodic: true}): after a turn that answered, a short
 * memory of what was asked and answered, tagged {@code episode}. Best effort: a failure
 * is logged and the turn's outcome stands.
 */
@Component
public class Episodes {

	private static final Logger log = LoggerFactory.getLogger(Episodes.class);

	static final String TAG = "episode";

	static final int MAX_QUOTE = 300;

	private final MemoryService memories;

	Episodes(MemoryService memories) {
		this.memories = memories;
	}

	/** Records the episode when {@code enabled} and the turn answered. */
	public Mono<Void> record(boolean enabled, String userId, String message, @Nullable String answer) {
		if (!enabled || answer == null || answer.isBlank()) {
			return Mono.empty();
		}
		String content = "The user asked: \"" + quote(message) + "\"; the answer was: \"" + quote(answer) + "\"";
		return this.memories.create(userId, new NewMemory(content, List.of(TAG), 0.3))
			.doOnError((ex) -> log.warn("Storing an episode of user {} failed: {}", userId, ex.toString()))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	private static String quote(String text) {
		String flat = text.strip().replace('\n', ' ');
		return (flat.length() <= MAX_QUOTE) ? flat : flat.substring(0, MAX_QUOTE) + "…";
	}

}
