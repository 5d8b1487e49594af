package dev.agentserve.model.http;

import java.util.List;

import dev.agentserve.model.ModelEvent;
import org.jspecify.annotations.Nullable;

/**
 * Turns one round's SSE {@code data:} payloads into model events; one instance per
 * attempt.
 */
public interface StreamParser {

	/** The events for one payload (none for pings and bookkeeping). */
	List<ModelEvent> accept(@Nullable String data);

	/**
	 * The closing events when the stream ends; an error if it ended before the round did.
	 */
	List<ModelEvent> finish();

}
