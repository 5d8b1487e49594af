package dev.agentserve.tool;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A tool an agent can call. Arguments are validated against {@link #parameters()} before
 * {@link #call} runs; a {@link ToolException} or any other error becomes a
 * {@code tool_result} with {@code error} that the model sees. Tools are Spring beans,
 * found by {@link ToolRegistry}.
 */
public interface Tool {

	/** The name the model calls it by: lower case, digits, {@code _} and {@code -}. */
	String name();

	/** What the tool does, for the model. */
	String description();

	/** JSON Schema of the arguments object. */
	JsonNode parameters();

	/** Runs the tool. Must not block unless {@link #blocking()} says so. */
	Mono<ToolOutput> call(JsonNode arguments, ToolContext context);

	/**
	 * The arguments as the audit log may show them; override to mask secrets or personal
	 * data.
	 */
	default JsonNode auditArguments(JsonNode arguments) {
		return arguments;
	}

	/** Whether {@link #call} blocks; such calls run on {@code boundedElastic}. */
	default boolean blocking() {
		return false;
	}

	/**
	 * Whether the tool can be called now. A tool that is not {@code AVAILABLE} fails its
	 * calls at once with a tool error.
	 */
	default ToolStatus status() {
		return ToolStatus.AVAILABLE;
	}

	/**
	 * What identifies a call's result in the result cache (used only when the tool has a
	 * {@code cache-ttl}): by default the arguments with their keys sorted. A tool whose
	 * result also depends on something else (the time) adds it here.
	 */
	default String cacheKey(JsonNode arguments) {
		return CanonicalJson.of(arguments);
	}

}
