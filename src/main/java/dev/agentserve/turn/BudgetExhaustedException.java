package dev.agentserve.turn;

/** The session used its agent's token budget: it starts no more turns. */
public class BudgetExhaustedException extends RuntimeException {

	public BudgetExhaustedException(String sessionId, long budget) {
		super("Session " + sessionId + " used its token budget of " + budget
				+ " tokens; start a new session to continue");
	}

}
