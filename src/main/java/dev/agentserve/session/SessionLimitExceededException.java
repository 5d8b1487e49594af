package dev.agentserve.session;

/** The service already holds as many live sessions as it is configured for. */
public class SessionLimitExceededException extends RuntimeException {

	public SessionLimitExceededException(int max) {
		super("The service holds its maximum of " + max + " live sessions; try again later");
	}

}
