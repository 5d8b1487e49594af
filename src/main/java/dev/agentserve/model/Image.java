package dev.agentserve.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An image a user sent with a message. The session history keeps only this reference
 * (media type, size, SHA-256, pixel size, or the URL); the bytes ({@code data}) are never
 * written anywhere and live only in the turn that received them, so a model sees an
 * uploaded image in that turn and a note about it afterwards. An image given by
 * {@code url} is passed to the provider as that URL, in every turn.
 *
 * @param type always {@code image}
 * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/webp} or
 * {@code image/gif}
 * @param url the {@code https} URL the provider fetches, or null for uploaded bytes
 * @param size the bytes' length (0 for a URL)
 * @param sha256 the bytes' SHA-256 in hex (null for a URL)
 * @param width pixels, read from the header (0 for a URL)
 * @param height pixels, read from the header (0 for a URL)
 * @param data the bytes while the turn runs; null once read back from the history
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Image(String type, String mediaType, @Nullable String url, long size, @Nullable String sha256, int width,
		int height, @JsonIgnore byte @Nullable [] data) {

	public static final String TYPE = "image";

	public Image {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(mediaType, "mediaType");
	}

	/** Uploaded bytes, with what their header says. */
	public static Image of(String mediaType, byte[] data, String sha256, int width, int height) {
		return new Image(TYPE, mediaType, null, data.length, sha256, width, height, data);
	}

	/** An image the provider fetches from {@code url}. */
	public static Image at(String mediaType, String url) {
		return new Image(TYPE, mediaType, url, 0, null, 0, 0, null);
	}

	/** Whether the bytes are here (this turn) or a URL stands for them. */
	@JsonIgnore
	public boolean available() {
		return this.data != null || this.url != null;
	}

	/** The bytes as a {@code data:} URL. */
	@JsonIgnore
	public String dataUrl() {
		return "data:" + this.mediaType + ";base64," + base64();
	}

	@JsonIgnore
	public String base64() {
		return java.util.Base64.getEncoder().encodeToString(Objects.requireNonNull(this.data, "data"));
	}

	/**
	 * What a model is told instead of an image whose bytes are gone (an earlier turn).
	 */
	@JsonIgnore
	public String note() {
		return "[an image the user sent earlier (" + this.mediaType + ", " + this.width + "x" + this.height + ", "
				+ this.size + " bytes); it is no longer available]";
	}

	/** The same image without its bytes. */
	public Image reference() {
		return new Image(this.type, this.mediaType, this.url, this.size, this.sha256, this.width, this.height, null);
	}

}
