package dev.agentserve.tool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * Checks tool arguments against the tool's JSON Schema (draft 2020-12), compiling each
 * once.
 */
final class ArgumentValidator {

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	/** The problems, one sentence each; empty when the arguments are valid. */
	List<String> validate(Tool tool, JsonNode arguments) {
		Schema schema = this.schemas.computeIfAbsent(tool.name(), (name) -> this.registry.getSchema(tool.parameters()));
		return schema.validate(arguments).stream().map(ArgumentValidator::describe).toList();
	}

	private static String describe(Error error) {
		String location = error.getInstanceLocation().toString();
		return location + ": " + error.getMessage();
	}

}
