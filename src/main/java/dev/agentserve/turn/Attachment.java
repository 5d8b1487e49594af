package dev.agentserve.turn;

import org.jspecify.annotations.Nullable;

/**
 * An attachment as a client sends it with a chat message (REST, WebSocket, AG-UI):
 * {@code {type:"image", mediaType, data (base64) | url}}. Checked by {@link ImageIntake}
 * when the turn is admitted.
 */
public record Attachment(@Nullable String type, @Nullable String mediaType, @Nullable String data,
		@Nullable String url) {

	public static Attachment data(String mediaType, String base64) {
		return new Attachment("image", mediaType, base64, null);
	}

	public static Attachment url(@Nullable String mediaType, String url) {
		return new Attachment("image", mediaType, null, url);
	}

}
