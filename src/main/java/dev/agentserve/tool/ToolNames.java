package dev.agentserve.tool;

import java.util.Collection;

/**
 * Allowlist entries: a tool name, or a pattern ending in {@code *} that allows every tool
 * whose name starts with what precedes it ({@code mcp__github__*}).
 */
public final class ToolNames {

	private ToolNames() {
	}

	/** Whether {@code allowlist} allows the tool named {@code name}. */
	public static boolean allows(Collection<String> allowlist, String name) {
		for (String entry : allowlist) {
			if (entry.equals(name) || (isPattern(entry) && name.startsWith(entry.substring(0, entry.length() - 1)))) {
				return true;
			}
		}
		return false;
	}

	public static boolean isPattern(String entry) {
		return entry.endsWith("*");
	}

}
