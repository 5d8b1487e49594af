package dev.agentserve.agui;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An AG-UI run request ({@code RunAgentInput} of {@code @ag-ui/core} 1.0). Only what the
 * service uses is typed; messages, tools and context stay JSON and are read by
 * {@link AgUiInput}. Fields it does not use ({@code protocolVersion},
 * {@code parentRunId}, and whatever a later protocol version adds) are ignored, as AG-UI
 * objects are open.
 *
 * @param threadId the client's conversation: one session of the caller per thread
 * @param runId the client's id of this run, echoed in {@code RUN_STARTED}
 * @param messages the conversation as the client has it; only its tail is read
 * @param tools tools the client runs, offered to the model
 * @param context {@code {description, value}} entries added to the user's message
 * @param state the state a new thread's session starts with ({@code initialContext})
 * @param forwardedProps may carry {@code resume} like the top-level field
 * @param resume answers to the interrupts the previous run finished with
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunAgentInput(@Nullable String threadId, @Nullable String runId, @Nullable List<JsonNode> messages,
		@Nullable List<JsonNode> tools, @Nullable List<JsonNode> context, @Nullable JsonNode state,
		@Nullable JsonNode forwardedProps, @Nullable List<JsonNode> resume) {

	public List<JsonNode> messageList() {
		return (this.messages != null) ? this.messages : List.of();
	}

	/** The resume entries, from the top-level field or {@code forwardedProps.resume}. */
	public List<JsonNode> resumeEntries() {
		if (this.resume != null && !this.resume.isEmpty()) {
			return this.resume;
		}
		if (this.forwardedProps != null && this.forwardedProps.path("resume").isArray()) {
			List<JsonNode> entries = new java.util.ArrayList<>();
			this.forwardedProps.path("resume").forEach(entries::add);
			return entries;
		}
		return List.of();
	}

}
