package dev.agentserve.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A model for tests: plays the rounds it was given, one per request, and records every
 * request it received. Registered as the provider {@code scripted}.
 */
public class ScriptedModel implements ModelClient, ModelProvider {

	private final Deque<Flux<ModelEvent>> rounds = new ArrayDeque<>();

	private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

	/** Scripts of the models {@code scripted:<name>}, when a test gave them one. */
	private final java.util.Map<String, ScriptedModel> named = new java.util.concurrent.ConcurrentHashMap<>();

	/** Answers every request when set, instead of the rounds. */
	private volatile java.util.function.@Nullable Function<ModelRequest, Flux<ModelEvent>> responder;

	/**
	 * The script of the model {@code scripted:<name>} (its requests go there instead of
	 * here); cleared with this one's by {@link #play}.
	 */
	public ScriptedModel named(String name) {
		return this.named.computeIfAbsent(name, (key) -> new ScriptedModel());
	}

	/** Answers every request with what {@code responder} makes of it. */
	public ScriptedModel respond(java.util.function.Function<ModelRequest, Flux<ModelEvent>> responder) {
		this.responder = responder;
		return this;
	}

	/** Replaces the script; each argument is one round. */
	@SafeVarargs
	public final synchronized ScriptedModel play(Flux<ModelEvent>... rounds) {
		this.rounds.clear();
		this.requests.clear();
		this.named.clear();
		this.responder = null;
		this.rounds.addAll(List.of(rounds));
		return this;
	}

	/** The requests received since the last {@link #play}. */
	public List<ModelRequest> requests() {
		return List.copyOf(this.requests);
	}

	@Override
	public Flux<ModelEvent> stream(ModelRequest request) {
		ScriptedModel target = this.named.get(request.model());
		if (target != null) {
			return target.stream(request);
		}
		return Flux.defer(() -> {
			this.requests.add(request);
			java.util.function.Function<ModelRequest, Flux<ModelEvent>> answering = this.responder;
			if (answering != null) {
				return answering.apply(request);
			}
			Flux<ModelEvent> round;
			synchronized (this) {
				round = this.rounds.poll();
			}
			return (round != null) ? round : Flux.error(new ModelException("The script has no more rounds"));
		});
	}

	@Override
	public java.util.Collection<String> prefixes() {
		return List.of("scripted");
	}

	@Override
	public ModelClient client(String prefix, String modelName) {
		return this;
	}

	/**
	 * A round answering {@code count} one-word deltas ({@code w1 w2 ...}), {@code ms}
	 * apart.
	 */
	public static Flux<ModelEvent> words(int count, long ms) {
		return Flux.range(1, count)
			.delayElements(java.time.Duration.ofMillis(ms))
			.<ModelEvent>map((i) -> new ModelEvent.TextDelta("w" + i + " "))
			.concatWith(Flux.just(new ModelEvent.Finish(ModelEvent.Finish.STOP)));
	}

	/** A round that answers {@code text} in one delta. */
	public static Flux<ModelEvent> answer(String text) {
		return Flux.just(new ModelEvent.TextDelta(text), new ModelEvent.Usage(10, 5, 0),
				new ModelEvent.Finish(ModelEvent.Finish.STOP));
	}

	/** A round that calls tools: each pair is a tool name and its JSON arguments. */
	public static Flux<ModelEvent> call(String... nameAndArguments) {
		Flux<ModelEvent> events = Flux.empty();
		for (int i = 0; i < nameAndArguments.length; i += 2) {
			int index = i / 2;
			events = events.concatWith(Flux.just(
					new ModelEvent.ToolCallStart(index, "call_" + index + "_" + nameAndArguments[i],
							nameAndArguments[i]),
					new ModelEvent.ToolArgsDelta(index, nameAndArguments[i + 1]), new ModelEvent.ToolCallEnd(index)));
		}
		return events
			.concatWith(Flux.just(new ModelEvent.Usage(10, 5, 0), new ModelEvent.Finish(ModelEvent.Finish.TOOL_CALLS)));
	}

}
