package dev.agentserve.memory;

/** A memory request breaks a limit (content length, tags, memories per user). */
public class InvalidMemoryException extends RuntimeException {

	public InvalidMemoryException(String message) {
		super(message);
	}

}
