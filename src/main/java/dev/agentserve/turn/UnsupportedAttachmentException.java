package dev.agentserve.turn;

/** An attachment of a type the service does not take (415). */
public class UnsupportedAttachmentException extends RuntimeException {

	UnsupportedAttachmentException(String message) {
		super(message + ". Send {type:\"image\", mediaType, data (base64) | url} with a PNG, JPEG, WebP or GIF image");
	}

}
