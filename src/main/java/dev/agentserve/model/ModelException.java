package dev.agentserve.model;

/** A model round failed (transport, provider error, malformed stream). */
public class ModelException extends RuntimeException {

	public ModelException(String message) {
		super(message);
	}

	public ModelException(String message, Throwable cause) {
		super(message, cause);
	}

}
