package dev.agentserve.tool.builtin;

import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evaluates arithmetic: {@code {"expression": "12*(3+4)"}} gives {@code {"result": 84}}.
 */
@Component
class CalculatorTool implements Tool {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonNode parameters;

	CalculatorTool(JsonMapper json) {
		this.parameters = json.readTree(
				"""
						{"type": "object",
						 "properties": {"expression": {"type": "string", "minLength": 1, "maxLength": 1000,
						   "description": "Arithmetic with + - * / ^ % and parentheses, decimals, pi, e, and sqrt(x), abs(x), round(x[, digits]), min(a, ...), max(a, ...)"}},
						 "required": ["expression"], "additionalProperties": false}
						""");
	}

	@Override
	public String name() {
		return "calculator";
	}

	@Override
	public String description() {
		return "Evaluates an arithmetic expression exactly as written and returns the number.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		return Mono.fromCallable(() -> {
			String expression = arguments.path("expression").asString();
			try {
				double value = Expression.evaluate(expression);
				ObjectNode result = NODES.objectNode();
				if (value == Math.rint(value) && Math.abs(value) < 1e15) {
					result.put("result", (long) value);
				}
				else {
					result.put("result", value);
				}
				return new ToolOutput(result);
			}
			catch (ExpressionException ex) {
				throw new ToolException(ex.getMessage());
			}
		});
	}

}
