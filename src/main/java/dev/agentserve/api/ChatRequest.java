package dev.agentserve.api;

import java.util.List;

import dev.agentserve.turn.Attachment;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /sessions/{id}/chat}; {@code stream} defaults to true;
 * {@code attachments} are images ({@code {type:"image", mediaType, data | url}}).
 */
record ChatRequest(@NotNull(message = "is required") @Nullable String message, @Nullable Boolean stream,
		@Nullable List<Attachment> attachments) {

	ChatRequest(@Nullable String message, @Nullable Boolean stream) {
		this(message, stream, null);
	}

	boolean streaming() {
		return this.stream == null || this.stream;
	}

	List<Attachment> images() {
		return (this.attachments != null) ? this.attachments : List.of();
	}

}
