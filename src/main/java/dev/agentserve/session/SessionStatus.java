package dev.agentserve.session;

/** Where a session stands. */
public enum SessionStatus {

	/** Alive and idle: ready for a turn. */
	ACTIVE;

	/** The lower-case name used on the wire and in Redis. */
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	static SessionStatus fromWireName(String name) {
		return valueOf(name.toUpperCase(java.util.Locale.ROOT));
	}

}
