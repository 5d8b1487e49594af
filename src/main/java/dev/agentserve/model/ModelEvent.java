package dev.agentserve.model;

import java.util.Objects;

/**
 * One piece of a streamed model round, in the provider-neutral model. A round is a
 * sequence of deltas followed by at most one {@link Usage} and exactly one
 * {@link Finish}.
 */
public sealed interface ModelEvent {

	/** A delta of the model's reasoning. */
	record ReasoningDelta(String text) implements ModelEvent {

		public ReasoningDelta {
			Objects.requireNonNull(text, "text");
		}

	}

	/** Closes the current reasoning block with the provider's signature of it. */
	record ReasoningSignature(String signature) implements ModelEvent {

		public ReasoningSignature {
			Objects.requireNonNull(signature, "signature");
		}

	}

	/** A reasoning block the provider redacted: opaque data to send back as is. */
	record RedactedReasoning(String data) implements ModelEvent {

		public RedactedReasoning {
			Objects.requireNonNull(data, "data");
		}

	}

	/** A delta of the answer text. */
	record TextDelta(String text) implements ModelEvent {

		public TextDelta {
			Objects.requireNonNull(text, "text");
		}

	}

	/** The model starts tool call number {@code index} of this round. */
	record ToolCallStart(int index, String id, String name) implements ModelEvent {

		public ToolCallStart {
			Objects.requireNonNull(id, "id");
			Objects.requireNonNull(name, "name");
		}

	}

	/** A fragment of the JSON arguments of tool call {@code index}. */
	record ToolArgsDelta(int index, String fragment) implements ModelEvent {

		public ToolArgsDelta {
			Objects.requireNonNull(fragment, "fragment");
		}

	}

	/** The arguments of tool call {@code index} are complete. */
	record ToolCallEnd(int index) implements ModelEvent {
	}

	/** Tokens this round used, as the provider reported them. */
	record Usage(long inputTokens, long outputTokens, long reasoningTokens) implements ModelEvent {
	}

	/** The round ended: {@code stop}, {@code tool_calls}, {@code length}, ... */
	record Finish(String reason) implements ModelEvent {

		public static final String STOP = "stop";

		public static final String TOOL_CALLS = "tool_calls";

		public static final String LENGTH = "length";

		public Finish {
			Objects.requireNonNull(reason, "reason");
		}

	}

}
