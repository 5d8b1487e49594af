package dev.agentserve.model.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo model's multi-agent moves (DESIGN.md §13): {@code Ask the <agent>: <task>}
 * delegates the task to that sub-agent, and a workflow planner's request holding
 * {@code Plan: a; b; c} is answered with a plan of one independent task per part, for the
 * first of its workers.
 */
final class DemoDelegation {

	static final String TOOL_PREFIX = "agent__";

	private static final Pattern ASK = Pattern.compile("^\\s*ask the ([a-z0-9][a-z0-9_-]*)\\s*:\\s*(.+)$",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern PLAN = Pattern.compile("^\\s*Plan:\\s*(.+)$", Pattern.MULTILINE);

	private static final Pattern WORKERS = Pattern.compile("^Workers:\\s*([a-z0-9_-]+)", Pattern.MULTILINE);

	private DemoDelegation() {
	}

	/** A delegation the message asks for. */
	record Ask(String agent, String task) {
	}

	static Optional<Ask> ask(String message) {
		Matcher matcher = ASK.matcher(message);
		return matcher.matches()
				? Optional.of(new Ask(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2).strip()))
				: Optional.empty();
	}

	/** The plan a planner's request asks for, as JSON; empty when it asks for none. */
	static Optional<String> plan(String message, JsonMapper json) {
		Matcher plan = PLAN.matcher(message);
		Matcher workers = WORKERS.matcher(message);
		if (!plan.find() || !workers.find()) {
			return Optional.empty();
		}
		List<String> parts = new ArrayList<>();
		for (String part : plan.group(1).split(";")) {
			if (!part.isBlank()) {
				parts.add(part.strip());
			}
		}
		ObjectNode root = json.createObjectNode();
		ArrayNode tasks = root.putArray("tasks");
		for (int i = 0; i < parts.size(); i++) {
			ObjectNode task = tasks.addObject()
				.put("id", "t" + (i + 1))
				.put("agent", workers.group(1))
				.put("task", "What is " + parts.get(i) + "?");
			task.putArray("dependsOn");
		}
		return Optional.of(json.writeValueAsString(root));
	}

}
