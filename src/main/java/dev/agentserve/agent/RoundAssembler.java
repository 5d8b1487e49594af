package dev.agentserve.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.agentserve.event.TokenUsage;
import dev.agentserve.event.TurnEvent;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.Reasoning;
import org.jspecify.annotations.Nullable;

/**
 * Collects one streamed model round: turns deltas into events as they arrive and
 * assembles tool calls (by index) for when the round ends.
 */
final class RoundAssembler {

	private final int step;

	private final StringBuilder text = new StringBuilder();

	private final StringBuilder reasoningText = new StringBuilder();

	private final List<Reasoning> reasoning = new ArrayList<>();

	private final Map<Integer, PendingCall> calls = new TreeMap<>();

	private TokenUsage usage = TokenUsage.NONE;

	private @Nullable String finishReason;

	private final boolean textAsThought;

	/**
	 * @param textAsThought emit the model's text as {@code thought} (the text protocol's
	 * replies are reasoning until their final answer is parsed)
	 */
	RoundAssembler(int step, boolean textAsThought) {
		this.step = step;
		this.textAsThought = textAsThought;
	}

	/** The events to emit for one model event (deltas), possibly none. */
	List<TurnEvent> accept(ModelEvent event) {
		return switch (event) {
			case ModelEvent.ReasoningDelta delta -> {
				this.reasoningText.append(delta.text());
				yield delta.text().isEmpty() ? List.of() : List.of(new TurnEvent.Thought(this.step, delta.text()));
			}
			case ModelEvent.ReasoningSignature signature -> {
				this.reasoning.add(new Reasoning(this.reasoningText.toString(), signature.signature(), null));
				this.reasoningText.setLength(0);
				yield List.of();
			}
			case ModelEvent.RedactedReasoning redacted -> {
				this.reasoning.add(new Reasoning("", null, redacted.data()));
				yield List.of();
			}
			case ModelEvent.TextDelta delta -> {
				if (delta.text().isEmpty()) {
					yield List.of();
				}
				this.text.append(delta.text());
				yield List.of(this.textAsThought ? new TurnEvent.Thought(this.step, delta.text())
						: new TurnEvent.Response(this.step, delta.text()));
			}
			case ModelEvent.ToolCallStart start -> {
				this.calls.computeIfAbsent(start.index(), (index) -> new PendingCall()).start(start.id(), start.name());
				yield List.of();
			}
			case ModelEvent.ToolArgsDelta delta -> {
				this.calls.computeIfAbsent(delta.index(), (index) -> new PendingCall()).arguments
					.append(delta.fragment());
				yield List.of();
			}
			case ModelEvent.ToolCallEnd end -> List.of();
			case ModelEvent.Usage reported -> {
				this.usage = this.usage.plus(reported.inputTokens(), reported.outputTokens(),
						reported.reasoningTokens());
				yield List.of();
			}
			case ModelEvent.Finish finish -> {
				this.finishReason = finish.reason();
				yield List.of();
			}
		};
	}

	int step() {
		return this.step;
	}

	String text() {
		return this.text.toString();
	}

	/** Signed or redacted reasoning blocks, to send back with the assistant message. */
	List<Reasoning> reasoning() {
		return List.copyOf(this.reasoning);
	}

	TokenUsage usage() {
		return this.usage;
	}

	@Nullable String finishReason() {
		return this.finishReason;
	}

	/** The tool calls in index order, with their raw argument text. */
	List<PendingCall> calls() {
		return new ArrayList<>(this.calls.values());
	}

	/** A tool call being assembled from deltas. */
	static final class PendingCall {

		String id = "";

		String name = "";

		final StringBuilder arguments = new StringBuilder();

		void start(String id, String name) {
			if (!id.isEmpty()) {
				this.id = id;
			}
			if (!name.isEmpty()) {
				this.name = name;
			}
		}

	}

}
