package dev.agentserve.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the user said, with the images they attached. */
public record UserMessage(String content,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Image> attachments) implements Message {

	public UserMessage {
		Objects.requireNonNull(content, "content");
		attachments = (attachments != null) ? List.copyOf(attachments) : List.of();
	}

	public UserMessage(String content) {
		this(content, List.of());
	}

}
