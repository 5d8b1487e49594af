package dev.agentserve.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelRegistry;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.SummaryRequest;
import dev.agentserve.model.SystemMessage;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks a model to merge messages into a running summary ({@link SummaryRequest}), or to
 * condense a summary that grew too long.
 */
@Component
class Summarizer {

	/** The most characters of one tool result a summary request carries. */
	static final int MAX_TOOL_RESULT = 500;

	private final ModelRegistry models;

	private final Duration timeout;

	Summarizer(ModelRegistry models, MemoryProperties properties) {
		this.models = models;
		this.timeout = properties.summaryTimeout();
	}

	/**
	 * The summary so far with {@code messages} merged in; the round's tokens go to
	 * {@code tally}.
	 */
	Mono<String> merge(String model, String summary, List<Message> messages, TokenTally tally) {
		StringBuilder transcript = new StringBuilder();
		for (Message message : messages) {
			transcript.append(line(message)).append('\n');
		}
		return ask(model, summary, transcript.toString(), tally);
	}

	/** A shorter version of the summary (summaries of summaries). */
	Mono<String> condense(String model, String summary, TokenTally tally) {
		return ask(model, summary, SummaryRequest.NO_MESSAGES, tally);
	}

	private Mono<String> ask(String model, String summary, String messages, TokenTally tally) {
		return Mono.defer(() -> {
			ModelRegistry.ResolvedModel resolved = this.models.resolve(model);
			String input = SummaryRequest.SUMMARY_HEADING + "\n" + (summary.isEmpty() ? "(empty)" : summary) + "\n\n"
					+ SummaryRequest.MESSAGES_HEADING + "\n" + messages;
			ModelRequest request = new ModelRequest(resolved.name(),
					List.of(new SystemMessage(SummaryRequest.INSTRUCTIONS), new UserMessage(input)), List.of(),
					Map.of());
			return resolved.client().stream(request).doOnNext((event) -> {
				if (event instanceof ModelEvent.Usage usage) {
					tally.add(usage);
				}
			})
				.ofType(ModelEvent.TextDelta.class)
				.map(ModelEvent.TextDelta::text)
				.collect(StringBuilder::new, StringBuilder::append)
				.map((text) -> text.toString().strip())
				.timeout(this.timeout);
		})
			.flatMap((text) -> text.isEmpty() ? Mono.error(new IllegalStateException("The summary came back empty"))
					: Mono.just(text));
	}

	private static String line(Message message) {
		return switch (message) {
			case UserMessage user -> "user: " + user.content();
			case AssistantMessage assistant -> {
				StringBuilder text = new StringBuilder("assistant: ").append(assistant.content());
				for (ToolCall call : assistant.toolCalls()) {
					text.append(" [called ").append(call.name()).append(' ').append(call.arguments()).append(']');
				}
				yield text.toString();
			}
			case ToolMessage tool -> "tool " + tool.name() + ": " + ((tool.content().length() > MAX_TOOL_RESULT)
					? tool.content().substring(0, MAX_TOOL_RESULT) + "…" : tool.content());
			default -> message.getClass().getSimpleName() + ": " + message.content();
		};
	}

}
