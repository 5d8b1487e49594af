package dev.agentserve.tool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Tools whose behaviour tests control. */
public final class TestTools {

	private TestTools() {
	}

	static JsonNode anyObject() {
		return JsonNodeFactory.instance.objectNode().put("type", "object");
	}

	/** Answers after {@code ms} milliseconds (default 400) with {@code {"slept": ms}}. */
	public static class Slow implements Tool {

		@Override
		public String name() {
			return "slow";
		}

		@Override
		public String description() {
			return "Sleeps, then answers.";
		}

		@Override
		public JsonNode parameters() {
			return anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			long ms = arguments.path("ms").asLong(400);
			return Mono.delay(Duration.ofMillis(ms))
				.map((tick) -> new ToolOutput(JsonNodeFactory.instance.objectNode().put("slept", ms)));
		}

	}

	/**
	 * Always fails, with a {@link ToolException} or, with {@code "crash": true}, a bug.
	 */
	public static class Failing implements Tool {

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public String description() {
			return "Always fails.";
		}

		@Override
		public JsonNode parameters() {
			return anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			if (arguments.path("crash").asBoolean()) {
				return Mono.error(new IllegalStateException("the tool crashed"));
			}
			return Mono.error(new ToolException("the upstream said no"));
		}

	}

	/** Never answers; the tests configure a short timeout for it. */
	public static class Hanging implements Tool {

		@Override
		public String name() {
			return "hanging";
		}

		@Override
		public String description() {
			return "Never answers.";
		}

		@Override
		public JsonNode parameters() {
			return anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			return Mono.never();
		}

	}

	/** Echoes its arguments and counts its calls; the tests make it need approval. */
	public static class Guarded implements Tool {

		public final AtomicInteger calls = new AtomicInteger();

		@Override
		public String name() {
			return "guarded";
		}

		@Override
		public String description() {
			return "Does something that needs a human's approval.";
		}

		@Override
		public JsonNode parameters() {
			return anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			return Mono.fromCallable(() -> {
				this.calls.incrementAndGet();
				return new ToolOutput(arguments);
			});
		}

	}

	/**
	 * Fails transiently {@code failures} times (default 2), then answers; counts
	 * attempts.
	 */
	public static class Flaky implements Tool {

		public final AtomicInteger attempts = new AtomicInteger();

		@Override
		public String name() {
			return "flaky";
		}

		@Override
		public String description() {
			return "Fails a few times, then works.";
		}

		@Override
		public JsonNode parameters() {
			return anyObject();
		}

		@Override
		public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
			return Mono.defer(() -> {
				int attempt = this.attempts.incrementAndGet();
				if (attempt <= arguments.path("failures").asInt(2)) {
					return Mono.error(new ToolException("busy, try again", true));
				}
				return Mono.just(new ToolOutput(JsonNodeFactory.instance.objectNode().put("attempts", attempt)));
			});
		}

	}

}
