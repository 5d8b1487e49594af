package dev.agentserve.tool;

/**
 * A tool failed. {@code transientFailure} failures (a busy upstream, a dropped
 * connection) are retried with backoff; others are reported to the model at once.
 */
public class ToolException extends RuntimeException {

	private final boolean transientFailure;

	public ToolException(String message) {
		this(message, false);
	}

	public ToolException(String message, boolean transientFailure) {
		super(message);
		this.transientFailure = transientFailure;
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

}
