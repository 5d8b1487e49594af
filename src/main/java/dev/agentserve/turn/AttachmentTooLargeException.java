package dev.agentserve.turn;

/** An image over the size limit, or too many images in one message (413). */
public class AttachmentTooLargeException extends RuntimeException {

	AttachmentTooLargeException(String message) {
		super(message);
	}

}
