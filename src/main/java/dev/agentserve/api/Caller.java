package dev.agentserve.api;

import java.util.Objects;

/**
 * Who is calling. Controllers take it as a parameter; {@link CallerArgumentResolver}
 * decides who it is, so authentication can change without touching them.
 */
public record Caller(String userId) {

	/** The single user of a service that runs without authentication. */
	public static final Caller LOCAL = new Caller("local");

	public Caller {
		Objects.requireNonNull(userId, "userId");
		if (userId.isBlank()) {
			throw new IllegalArgumentException("userId must not be blank");
		}
	}

}
