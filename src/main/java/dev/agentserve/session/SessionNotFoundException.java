package dev.agentserve.session;

/** No session with that id exists for the caller (absent, expired, or another user's). */
public class SessionNotFoundException extends RuntimeException {

	private final String sessionId;

	public SessionNotFoundException(String sessionId) {
		super("No session '" + sessionId + "'");
		this.sessionId = sessionId;
	}

	public String sessionId() {
		return this.sessionId;
	}

}
