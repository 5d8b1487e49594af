package dev.agentserve.model.http;

import java.time.Duration;

import dev.agentserve.model.ModelException;
import org.jspecify.annotations.Nullable;

/** A model endpoint answered with an HTTP error or a streamed error event. */
public class ModelHttpException extends ModelException {

	private final int status;

	private final @Nullable Duration retryAfter;

	public ModelHttpException(String message, int status, @Nullable Duration retryAfter) {
		super(message);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	/** The HTTP status; for an error event inside a stream, the status it stands for. */
	public int status() {
		return this.status;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/** Whether trying again may help: 408, 409, 429 and 5xx. */
	public boolean retryable() {
		return this.status == 408 || this.status == 409 || this.status == 429 || this.status >= 500;
	}

}
