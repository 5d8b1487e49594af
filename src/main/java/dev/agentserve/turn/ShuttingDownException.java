package dev.agentserve.turn;

/** This replica is shutting down and takes no new turns; another replica will. */
public class ShuttingDownException extends RuntimeException {

	public ShuttingDownException() {
		super("This replica is shutting down; retry and another replica will take the turn");
	}

}
