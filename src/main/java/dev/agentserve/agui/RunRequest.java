package dev.agentserve.agui;

import java.util.List;

import dev.agentserve.model.ToolDefinition;
import dev.agentserve.turn.Attachment;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What a run asks of the thread's session, read from its input by {@link AgUiInput}. */
sealed interface RunRequest {

	/** A new user message: starts a turn. */
	record Start(String message, List<Attachment> attachments, List<ToolDefinition> clientTools) implements RunRequest {
	}

	/** Results of the client's tools, which the waiting turn continues with. */
	record ToolResults(List<Result> results) implements RunRequest {

		record Result(String callId, String content, boolean error) {
		}

	}

	/** Answers to the interrupts (approvals) of the previous run. */
	record Resume(List<Answer> answers) implements RunRequest {

		/**
		 * @param decision {@code approve}, {@code reject} or {@code edit}
		 */
		record Answer(Interrupts.Id interrupt, String decision, @Nullable JsonNode args) {
		}

	}

}
