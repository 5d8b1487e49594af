package dev.agentserve.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message of a conversation in the provider-neutral model. Providers map it to their
 * own wire format; the session history stores it as JSON with a {@code role}
 * discriminator.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "role")
@JsonSubTypes({ @JsonSubTypes.Type(value = SystemMessage.class, name = "system"),
		@JsonSubTypes.Type(value = UserMessage.class, name = "user"),
		@JsonSubTypes.Type(value = AssistantMessage.class, name = "assistant"),
		@JsonSubTypes.Type(value = ToolMessage.class, name = "tool") })
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolMessage {

	String content();

}
