package dev.agentserve.model.anthropic;

import java.util.HashMap;
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
 * Turns the events of one streamed Messages round into {@link ModelEvent}s: text, tool
 * use ({@code input_json_delta}), thinking with its {@code signature_delta}, redacted
 * thinking, usage from {@code message_start} and {@code message_delta}, {@code ping}, and
 * {@code error} events (e.g. {@code overloaded_error}). One parser per round.
 */
final class AnthropicStreamParser implements StreamParser {

	private final ModelEndpoint endpoint;

	private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();

	private @Nullable String stopReason;

	private boolean stopped;

	private long inputTokens;

	AnthropicStreamParser(ModelEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public List<ModelEvent> accept(@Nullable String data) {
		if (data == null || data.isBlank() || this.stopped) {
			return List.of();
		}
		JsonNode event = this.endpoint.json().readTree(data);
		return switch (event.path("type").asString("")) {
			case "message_start" -> {
				// Held back until message_delta: an event emitted now would end the
				// chance
				// to retry an error that arrives before any content (overloaded_error).
				this.inputTokens = event.path("message").path("usage").path("input_tokens").asLong();
				yield List.of();
			}
			case "content_block_start" -> blockStart(event.path("index").asInt(), event.path("content_block"));
			case "content_block_delta" -> blockDelta(event.path("index").asInt(), event.path("delta"));
			case "content_block_stop" -> {
				Integer tool = this.toolIndexByBlock.get(event.path("index").asInt());
				yield (tool != null) ? List.of(new ModelEvent.ToolCallEnd(tool)) : List.of();
			}
			case "message_delta" -> {
				if (event.path("delta").hasNonNull("stop_reason")) {
					this.stopReason = event.path("delta").path("stop_reason").asString();
				}
				JsonNode usage = event.path("usage");
				yield List.of(new ModelEvent.Usage(this.inputTokens, usage.path("output_tokens").asLong(), 0));
			}
			case "message_stop" -> finish();
			case "error" -> throw error(event);
			default -> List.of();
		};
	}

	/** The end of the round: at {@code message_stop}, or when the stream closes. */
	@Override
	public List<ModelEvent> finish() {
		if (this.stopped) {
			return List.of();
		}
		if (this.stopReason == null) {
			throw new ModelException(this.endpoint.name() + " closed the stream before the message stopped");
		}
		this.stopped = true;
		return List.of(new ModelEvent.Finish(switch (this.stopReason) {
			case "tool_use" -> ModelEvent.Finish.TOOL_CALLS;
			case "max_tokens" -> ModelEvent.Finish.LENGTH;
			case "end_turn", "stop_sequence" -> ModelEvent.Finish.STOP;
			default -> this.stopReason;
		}));
	}

	private List<ModelEvent> blockStart(int block, JsonNode content) {
		return switch (content.path("type").asString("")) {
			case "tool_use" -> {
				int tool = this.toolIndexByBlock.size();
				this.toolIndexByBlock.put(block, tool);
				yield List.of(new ModelEvent.ToolCallStart(tool, content.path("id").asString(),
						content.path("name").asString()));
			}
			case "redacted_thinking" -> List.of(new ModelEvent.RedactedReasoning(content.path("data").asString()));
			case "text" -> content.path("text").asString("").isEmpty() ? List.of()
					: List.of(new ModelEvent.TextDelta(content.path("text").asString()));
			default -> List.of();
		};
	}

	private List<ModelEvent> blockDelta(int block, JsonNode delta) {
		return switch (delta.path("type").asString("")) {
			case "text_delta" -> List.of(new ModelEvent.TextDelta(delta.path("text").asString()));
			case "thinking_delta" -> List.of(new ModelEvent.ReasoningDelta(delta.path("thinking").asString()));
			case "signature_delta" -> List.of(new ModelEvent.ReasoningSignature(delta.path("signature").asString()));
			case "input_json_delta" -> {
				Integer tool = this.toolIndexByBlock.get(block);
				String fragment = delta.path("partial_json").asString("");
				yield (tool == null || fragment.isEmpty()) ? List.of()
						: List.of(new ModelEvent.ToolArgsDelta(tool, fragment));
			}
			default -> List.of();
		};
	}

	private ModelHttpException error(JsonNode event) {
		String type = event.path("error").path("type").asString("api_error");
		int status = switch (type) {
			case "overloaded_error" -> 529;
			case "rate_limit_error" -> 429;
			case "invalid_request_error" -> 400;
			case "authentication_error" -> 401;
			case "permission_error" -> 403;
			case "not_found_error" -> 404;
			case "request_too_large" -> 413;
			default -> 500;
		};
		return new ModelHttpException(this.endpoint.name() + " sent " + type + ": " + this.endpoint.errorMessage(event),
				status, null);
	}

}
