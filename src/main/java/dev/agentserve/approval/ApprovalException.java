package dev.agentserve.approval;

/** A decision on a tool-call approval that cannot be taken. */
public class ApprovalException extends RuntimeException {

	/** Why. */
	public enum Reason {

		/** The request is malformed (unknown decision, edit without arguments). */
		INVALID,
		/** No such turn, or no such call waits for approval in it. */
		UNKNOWN,
		/** The call was already decided, expired or cancelled, or the turn has ended. */
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
