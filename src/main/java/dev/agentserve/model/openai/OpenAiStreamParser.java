package dev.agentserve.model.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelException;
import dev.agentserve.model.http.ModelEndpoint;
import dev.agentserve.model.http.ModelHttpException;
import dev.agentserve.model.http.StreamParser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@code data:} payloads of one streamed Chat Completions round into
 * {@link ModelEvent}s. Tool calls are assembled by {@code index}: {@code id} and
 * {@code name} arrive on the first delta only (later deltas may carry empty strings),
 * arguments arrive in any number of fragments, and a server that omits {@code index}
 * continues the latest call. One parser per round; not thread-safe (a round's chunks
 * arrive in order).
 */
final class OpenAiStreamParser implements StreamParser {

	private final ModelEndpoint endpoint;

	private final Map<Integer, PendingCall> calls = new LinkedHashMap<>();

	private @Nullable String finishReason;

	private boolean done;

	private int lastIndex = -1;

	OpenAiStreamParser(ModelEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public List<ModelEvent> accept(@Nullable String data) {
		if (data == null || data.isBlank() || this.done) {
			return List.of();
		}
		if (data.strip().equals("[DONE]")) {
			return finish();
		}
		JsonNode chunk = this.endpoint.json().readTree(data);
		if (chunk.has("error")) {
			int status = chunk.path("error").path("code").isInt() ? chunk.path("error").path("code").asInt() : 500;
			throw new ModelHttpException(this.endpoint.name() + " sent an error: " + this.endpoint.errorMessage(chunk),
					status, null);
		}
		List<ModelEvent> events = new ArrayList<>();
		JsonNode choice = chunk.path("choices").path(0);
		JsonNode delta = choice.path("delta");
		text(delta, "reasoning_content", events, true);
		text(delta, "reasoning", events, true);
		text(delta, "content", events, false);
		for (JsonNode call : delta.path("tool_calls")) {
			toolCall(call, events);
		}
		if (choice.hasNonNull("finish_reason")) {
			this.finishReason = choice.get("finish_reason").asString();
		}
		JsonNode usage = chunk.path("usage");
		if (usage.isObject()) {
			events.add(
					new ModelEvent.Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
							usage.path("completion_tokens_details").path("reasoning_tokens").asLong()));
		}
		return events;
	}

	/** The end of the round: at {@code [DONE]}, or when the stream closes. */
	@Override
	public List<ModelEvent> finish() {
		if (this.done) {
			return List.of();
		}
		if (this.finishReason == null) {
			throw new ModelException(this.endpoint.name() + " closed the stream before the round finished");
		}
		this.done = true;
		List<ModelEvent> events = new ArrayList<>();
		this.calls.forEach((index, call) -> {
			events.addAll(call.start(index));
			events.add(new ModelEvent.ToolCallEnd(index));
		});
		events.add(new ModelEvent.Finish(reason(this.finishReason)));
		return events;
	}

	private static void text(JsonNode delta, String field, List<ModelEvent> events, boolean reasoning) {
		JsonNode value = delta.path(field);
		if (value.isString() && !value.asString().isEmpty()) {
			events.add(reasoning ? new ModelEvent.ReasoningDelta(value.asString())
					: new ModelEvent.TextDelta(value.asString()));
		}
	}

	private void toolCall(JsonNode call, List<ModelEvent> events) {
		String id = call.path("id").asString("");
		int index;
		if (call.path("index").isNumber()) {
			index = call.path("index").asInt();
		}
		else if (!id.isEmpty() && this.calls.values().stream().noneMatch((pending) -> id.equals(pending.id))) {
			index = this.calls.size();
		}
		else {
			index = Math.max(this.lastIndex, 0);
		}
		this.lastIndex = index;
		PendingCall pending = this.calls.computeIfAbsent(index, (key) -> new PendingCall());
		if (!id.isEmpty() && pending.id == null) {
			pending.id = id;
		}
		String name = call.path("function").path("name").asString("");
		if (!name.isEmpty() && pending.name == null) {
			pending.name = name;
		}
		String arguments = call.path("function").path("arguments").asString("");
		if (pending.name != null) {
			events.addAll(pending.start(index));
			if (!pending.buffered.isEmpty()) {
				events.add(new ModelEvent.ToolArgsDelta(index, pending.buffered.toString()));
				pending.buffered.setLength(0);
			}
			if (!arguments.isEmpty()) {
				events.add(new ModelEvent.ToolArgsDelta(index, arguments));
			}
		}
		else {
			pending.buffered.append(arguments);
		}
	}

	private static String reason(String finishReason) {
		return switch (finishReason) {
			case "tool_calls", "function_call" -> ModelEvent.Finish.TOOL_CALLS;
			case "length" -> ModelEvent.Finish.LENGTH;
			case "stop" -> ModelEvent.Finish.STOP;
			default -> finishReason;
		};
	}

	/** A tool call being assembled; started once its name is known. */
	private static final class PendingCall {

		@Nullable String id;

		@Nullable String name;

		boolean started;

		final StringBuilder buffered = new StringBuilder();

		List<ModelEvent> start(int index) {
			if (this.started || this.name == null) {
				return List.of();
			}
			this.started = true;
			return List
				.of(new ModelEvent.ToolCallStart(index, (this.id != null) ? this.id : "call_" + index, this.name));
		}

	}

}
