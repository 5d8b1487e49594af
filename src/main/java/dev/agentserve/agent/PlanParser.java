package dev.agentserve.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.agentserve.event.TurnEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a planner's answer as a workflow's plan: JSON (inside a code fence or not),
 * checked against the plan's JSON Schema (draft 2020-12, the workers as the allowed
 * agents), then for unique ids, known dependencies and no cycle. Answers the tasks in an
 * order where each comes after the tasks it depends on.
 */
final class PlanParser {

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final JsonMapper json;

	private final Schema schema;

	private final ObjectNode schemaNode;

	PlanParser(JsonMapper json, List<String> workers, int maxTasks) {
		this.json = json;
		this.schemaNode = schema(workers, maxTasks);
		this.schema = REGISTRY.getSchema(this.schemaNode);
	}

	/** A parsed plan, or the problems with the answer, one sentence each. */
	sealed interface Parsed {

		record Valid(List<TurnEvent.PlanTask> tasks) implements Parsed {
		}

		record Invalid(List<String> problems) implements Parsed {
		}

	}

	/** The plan's JSON Schema, for the planner's instructions. */
	String schemaText() {
		return this.json.writeValueAsString(this.schemaNode);
	}

	Parsed parse(String answer) {
		JsonNode plan;
		try {
			plan = this.json.readTree(extract(answer));
		}
		catch (JacksonException ex) {
			return new Parsed.Invalid(List.of("The answer is no JSON object: " + ex.getOriginalMessage()));
		}
		List<String> problems = this.schema.validate(plan)
			.stream()
			.map((error) -> error.getInstanceLocation() + ": " + error.getMessage())
			.toList();
		if (!problems.isEmpty()) {
			return new Parsed.Invalid(problems);
		}
		Map<String, TurnEvent.PlanTask> tasks = new LinkedHashMap<>();
		List<String> graph = new ArrayList<>();
		for (JsonNode task : plan.path("tasks")) {
			String id = task.path("id").asString();
			List<String> dependsOn = new ArrayList<>();
			task.path("dependsOn").forEach((dependency) -> dependsOn.add(dependency.asString()));
			if (tasks.put(id, new TurnEvent.PlanTask(id, task.path("agent").asString(), task.path("task").asString(),
					dependsOn, "pending")) != null) {
				graph.add("The task id '" + id + "' is used twice");
			}
		}
		for (TurnEvent.PlanTask task : tasks.values()) {
			for (String dependency : task.dependsOn()) {
				if (!tasks.containsKey(dependency) || dependency.equals(task.taskId())) {
					graph.add("Task '" + task.taskId() + "' depends on '" + dependency + "', which is no other task");
				}
			}
		}
		if (!graph.isEmpty()) {
			return new Parsed.Invalid(graph);
		}
		List<TurnEvent.PlanTask> ordered = order(tasks);
		return (ordered != null) ? new Parsed.Valid(ordered)
				: new Parsed.Invalid(List.of("The tasks' dependencies form a cycle"));
	}

	/**
	 * The JSON in an answer: inside a code fence, or from its first '{' to its last '}'.
	 */
	private static String extract(String answer) {
		int start = answer.indexOf('{');
		int end = answer.lastIndexOf('}');
		return (start >= 0 && end > start) ? answer.substring(start, end + 1) : answer;
	}

	/** Kahn's algorithm, keeping the planned order among ready tasks; null on a cycle. */
	private static List<TurnEvent.PlanTask> order(Map<String, TurnEvent.PlanTask> tasks) {
		Map<String, Integer> waiting = new HashMap<>();
		tasks.values().forEach((task) -> waiting.put(task.taskId(), task.dependsOn().size()));
		List<TurnEvent.PlanTask> ordered = new ArrayList<>();
		Deque<TurnEvent.PlanTask> ready = new ArrayDeque<>();
		tasks.values().stream().filter((task) -> task.dependsOn().isEmpty()).forEach(ready::add);
		while (!ready.isEmpty()) {
			TurnEvent.PlanTask task = ready.poll();
			ordered.add(task);
			for (TurnEvent.PlanTask other : tasks.values()) {
				if (other.dependsOn().contains(task.taskId()) && waiting.merge(other.taskId(), -1, Integer::sum) == 0) {
					ready.add(other);
				}
			}
		}
		return (ordered.size() == tasks.size()) ? ordered : null;
	}

	private static ObjectNode schema(List<String> workers, int maxTasks) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode task = nodes.objectNode().put("type", "object").put("additionalProperties", false);
		task.putArray("required").add("id").add("agent").add("task");
		ObjectNode properties = task.putObject("properties");
		properties.putObject("id").put("type", "string").put("pattern", "^[A-Za-z0-9_-]{1,32}$");
		ArrayNode agents = properties.putObject("agent").putArray("enum");
		workers.forEach(agents::add);
		properties.putObject("task").put("type", "string").put("minLength", 1);
		properties.putObject("dependsOn")
			.put("type", "array")
			.put("uniqueItems", true)
			.putObject("items")
			.put("type", "string");
		ObjectNode plan = nodes.objectNode().put("type", "object");
		plan.putArray("required").add("tasks");
		plan.putObject("properties")
			.putObject("tasks")
			.put("type", "array")
			.put("minItems", 1)
			.put("maxItems", maxTasks)
			.set("items", task);
		return plan;
	}

}
