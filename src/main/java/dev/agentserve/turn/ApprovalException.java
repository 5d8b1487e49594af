package dev.agentserve.turn;

/** A decision on a tool-call approval that cannot be taken. */
public class ApprovalException extends RuntimeException {

	/** Why. */
	public enum Reason {

		/** The request is malformed (unknown decision, edit without arguments). */
		INVALID,
		/** No such call waits for approval in this turn. */
		UNKNOWN,
		/** The call was already decided, or expired. */
		DECIDED

	}

	private final Reason reason;

	public ApprovalException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
