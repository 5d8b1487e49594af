package dev.agentserve.model.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.Image;
import dev.agentserve.model.Message;
import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelEvent.Finish;
import dev.agentserve.model.ModelEvent.ReasoningDelta;
import dev.agentserve.model.ModelEvent.TextDelta;
import dev.agentserve.model.ModelEvent.ToolArgsDelta;
import dev.agentserve.model.ModelEvent.ToolCallEnd;
import dev.agentserve.model.ModelEvent.ToolCallStart;
import dev.agentserve.model.ModelEvent.Usage;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.SummaryRequest;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.ToolMessage;
import dev.agentserve.model.UserMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic model. Asked for arithmetic it calls {@code calculator}, asked for the
 * time it calls {@code current_time}, and once the tool answered it answers with the
 * result. It streams like a real model: a short thought, then its answer in word-sized
 * deltas. With {@code answer-tokens} set it takes the benchmark shape instead
 * ({@link DemoModelProperties}): no thought, and an answer of exactly that many tokens.
 */
final class DemoModelClient implements ModelClient {

	static final String CALCULATOR = "calculator";

	static final String CURRENT_TIME = "current_time";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Duration firstTokenDelay;

	private final Duration tokenDelay;

	private final int answerTokens;

	DemoModelClient(DemoModelProperties properties) {
		this.firstTokenDelay = properties.firstTokenDelay();
		this.tokenDelay = properties.tokenDelay();
		this.answerTokens = properties.answerTokens();
	}

	@Override
	public Flux<ModelEvent> stream(ModelRequest request) {
		return Flux.defer(() -> {
			List<Message> messages = request.messages();
			Message last = messages.isEmpty() ? new UserMessage("") : messages.get(messages.size() - 1);
			if (SummaryRequest.is(request)) {
				String summary = DemoSummary.of(request);
				return Flux.just(new TextDelta(summary), usage(request, tokens(summary).size()),
						new Finish(Finish.STOP));
			}
			Flux<ModelEvent> round = switch (last) {
				case ToolMessage result -> answer(request, result);
				case UserMessage user when !user.attachments().isEmpty() -> describe(request, user.attachments());
				case UserMessage user -> respond(request, user.content());
				default -> text("I have nothing to add.", Finish.STOP, request);
			};
			return this.firstTokenDelay.isZero() ? round : Mono.delay(this.firstTokenDelay).thenMany(round);
		});
	}

	private Flux<ModelEvent> respond(ModelRequest request, String message) {
		Optional<DemoDelegation.Ask> ask = DemoDelegation.ask(message)
			.filter((asked) -> offers(request, DemoDelegation.TOOL_PREFIX + asked.agent()));
		if (ask.isPresent()) {
			return callTool(request, "The " + ask.get().agent() + " agent can do this; I will ask it.",
					DemoDelegation.TOOL_PREFIX + ask.get().agent(),
					JSON.createObjectNode().put("task", ask.get().task()));
		}
		Optional<String> plan = DemoDelegation.plan(message, JSON);
		if (plan.isPresent()) {
			return text(plan.get(), Finish.STOP, request);
		}
		return switch (DemoIntent.of(message)) {
			case DemoIntent.Arithmetic arithmetic when offers(request, CALCULATOR) -> callTool(request,
					"The user wants " + arithmetic.expression() + " evaluated; I will use the calculator.", CALCULATOR,
					JSON.createObjectNode().put("expression", arithmetic.expression()));
			case DemoIntent.Time time when offers(request, CURRENT_TIME) ->
				callTool(request, "The user asks for the time in " + time.timezone() + "; I will check the clock.",
						CURRENT_TIME, JSON.createObjectNode().put("timezone", time.timezone()));
			default -> text("I am the demo model: I can do arithmetic (try \"What is 12*(3+4)?\") and tell the time "
					+ "(try \"What time is it in Europe/Paris?\"). Point AGENT_MODEL at a real model for anything else.",
					Finish.STOP, request);
		};
	}

	/**
	 * Images: their type and pixel size, which the service read from their header bytes
	 * (e.g. {@code image/png 2x3}), so attachments work without a real model.
	 */
	private Flux<ModelEvent> describe(ModelRequest request, List<Image> images) {
		List<String> described = images.stream()
			.map((image) -> (image.url() != null) ? image.mediaType() + " at " + image.url() + " (not fetched)"
					: image.available() ? image.mediaType() + " " + image.width() + "x" + image.height()
							: image.mediaType() + " (no longer available)")
			.toList();
		String answer = (images.size() == 1) ? "The image is " + described.get(0) + "."
				: "The images are " + String.join(", ", described) + ".";
		return thought("The user sent " + images.size() + " image(s); I can read their headers.")
			.concatWith(text(answer, Finish.STOP, request));
	}

	private Flux<ModelEvent> answer(ModelRequest request, ToolMessage result) {
		if (result.error()) {
			return text("The " + result.name() + " tool reported an error: " + result.content(), Finish.STOP, request);
		}
		ToolCall call = findCall(request.messages(), result.callId());
		String answer = switch (result.name()) {
			case CALCULATOR -> argument(call, "expression") + " = " + JSON.readTree(result.content()).path("result");
			case CURRENT_TIME -> "The current time in " + argument(call, "timezone") + " is "
					+ JSON.readTree(result.content()).path("human").asString() + ".";
			case String name when name.startsWith(DemoDelegation.TOOL_PREFIX) ->
				JSON.readTree(result.content()).path("answer").asString();
			default -> "The " + result.name() + " tool answered: " + result.content();
		};
		return benchmarkShape() ? text(answer, Finish.STOP, request)
				: thought("The tool answered; I can reply now.").concatWith(text(answer, Finish.STOP, request));
	}

	private Flux<ModelEvent> callTool(ModelRequest request, String reasoning, String tool, ObjectNode arguments) {
		String id = "call_demo_" + (countAssistantMessages(request.messages()) + 1);
		String json = JSON.writeValueAsString(arguments);
		int half = json.length() / 2;
		Flux<ModelEvent> call = Flux.just(new ToolCallStart(0, id, tool), new ToolArgsDelta(0, json.substring(0, half)),
				new ToolArgsDelta(0, json.substring(half)), new ToolCallEnd(0));
		Flux<ModelEvent> end = Flux.just(usage(request, benchmarkShape() ? 0 : tokens(reasoning).size()),
				new Finish(Finish.TOOL_CALLS));
		return benchmarkShape() ? call.concatWith(end) : thought(reasoning).concatWith(call).concatWith(end);
	}

	private boolean benchmarkShape() {
		return this.answerTokens > 0;
	}

	private Flux<ModelEvent> thought(String text) {
		return paced(Flux.fromIterable(tokens(text)).map(ReasoningDelta::new));
	}

	private Flux<ModelEvent> text(String text, String finish, ModelRequest request) {
		if (benchmarkShape()) {
			// Made as they stream, not held in a list: thousands of long benchmark
			// answers at once would otherwise fill the heap with tokens yet to come.
			return paced(answer(this.answerTokens, tokens(text)).map(TextDelta::new))
				.concatWith(Flux.just(usage(request, this.answerTokens), new Finish(finish)));
		}
		List<String> tokens = tokens(text);
		return paced(Flux.fromIterable(tokens).map(TextDelta::new))
			.concatWith(Flux.just(usage(request, tokens.size()), new Finish(finish)));
	}

	/** {@link #exactly} as a stream: the answer's own words, then the fillers, lazily. */
	static Flux<String> answer(int count, List<String> words) {
		List<String> own = (count <= words.size()) ? exactly(count, words)
				: exactly(words.size() + 1, words).subList(0, words.size());
		return Flux.fromIterable(own)
			.concatWith(Flux.range(own.size(), count - own.size()).map((i) -> "tok" + i + " "));
	}

	/**
	 * The answer as exactly {@code count} tokens: its own words first (the last one
	 * absorbing any that do not fit, so the result is never cut off), then filler words
	 * like the FastAPI peer's ({@code tok<i> }).
	 */
	static List<String> exactly(int count, List<String> words) {
		List<String> tokens = new ArrayList<>(count);
		for (String word : words) {
			if (tokens.size() < count) {
				tokens.add(word);
			}
			else {
				tokens.set(count - 1, tokens.get(count - 1) + word);
			}
		}
		if (!tokens.isEmpty() && tokens.size() < count && !tokens.getLast().endsWith(" ")) {
			tokens.set(tokens.size() - 1, tokens.getLast() + " ");
		}
		for (int i = tokens.size(); i < count; i++) {
			tokens.add("tok" + i + " ");
		}
		return tokens;
	}

	/**
	 * One event per {@code token-delay}, on one periodic timer per stream. Not
	 * {@code delayElements}: that schedules a new delay per token and discards each
	 * trigger through the subscriber chain's context, a few percent of a core at
	 * thousands of live streams. A consumer slower than the pace drops ticks, so tokens
	 * never come in a burst to catch up.
	 */
	private Flux<ModelEvent> paced(Flux<? extends ModelEvent> events) {
		Flux<ModelEvent> flux = events.cast(ModelEvent.class);
		return this.tokenDelay.isZero() ? flux
				: flux.zipWith(Flux.interval(this.tokenDelay).onBackpressureDrop(), 1, (event, tick) -> event);
	}

	/** Words with their trailing space: what a tokenizer would stream, roughly. */
	static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		int start = 0;
		for (int i = 1; i <= text.length(); i++) {
			if (i == text.length() || text.charAt(i - 1) == ' ') {
				if (i > start) {
					tokens.add(text.substring(start, i));
				}
				start = i;
			}
		}
		return tokens;
	}

	private static Usage usage(ModelRequest request, int outputTokens) {
		long input = request.messages().stream().mapToLong((message) -> message.content().length()).sum() / 4 + 1;
		return new Usage(input, outputTokens, 0);
	}

	private static boolean offers(ModelRequest request, String tool) {
		return request.tools().stream().anyMatch((definition) -> definition.name().equals(tool));
	}

	private static long countAssistantMessages(List<Message> messages) {
		return messages.stream().filter(AssistantMessage.class::isInstance).count();
	}

	private static ToolCall findCall(List<Message> messages, String callId) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i) instanceof AssistantMessage assistant) {
				for (ToolCall call : assistant.toolCalls()) {
					if (call.id().equals(callId)) {
						return call;
					}
				}
			}
		}
		return new ToolCall(callId, "unknown", JSON.createObjectNode());
	}

	private static String argument(ToolCall call, String name) {
		return call.arguments().path(name).asString();
	}

}
