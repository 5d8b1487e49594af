package dev.agentserve.memory;

/**
 * A session's running summary and the fingerprint of the last message it covers.
 *
 * @param text the summary ("" when none yet)
 * @param through {@link Fingerprints#of} of the last message summarised ("" when none)
 */
record RunningSummary(String text, String through) {

	static final RunningSummary NONE = new RunningSummary("", "");

}
