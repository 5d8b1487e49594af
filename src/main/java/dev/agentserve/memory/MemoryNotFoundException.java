package dev.agentserve.memory;

/** No memory with that id exists for the caller (absent, deleted, or another user's). */
public class MemoryNotFoundException extends RuntimeException {

	public MemoryNotFoundException(String memoryId) {
		super("No memory '" + memoryId + "'");
	}

}
