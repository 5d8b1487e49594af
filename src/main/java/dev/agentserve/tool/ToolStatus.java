package dev.agentserve.tool;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a tool can be called now. */
public enum ToolStatus {

	/** Calls run. */
	AVAILABLE("available"),

	/** Calls fail at once: its server is down, or its circuit breaker is open. */
	UNAVAILABLE("unavailable"),

	/**
	 * Its upstream asked to slow down; calls fail at once until it said they may resume.
	 */
	RATE_LIMITED("rate_limited");

	private final String value;

	ToolStatus(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

}
