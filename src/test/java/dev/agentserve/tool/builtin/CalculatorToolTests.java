package dev.agentserve.tool.builtin;

import java.util.stream.Stream;

import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CalculatorToolTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CalculatorTool calculator = new CalculatorTool(JSON);

	static Stream<Arguments> values() {
		return Stream.of(arguments("12*(3+4)", "84"), arguments("1+2*3", "7"), arguments("(1+2)*3", "9"),
				arguments("10/4", "2.5"), arguments("7 % 3", "1"), arguments("-7 % 3", "-1"), arguments("2^10", "1024"),
				arguments("2^3^2", "512"), arguments("-2^2", "-4"), arguments("(-2)^2", "4"), arguments("--3", "3"),
				arguments("+5", "5"), arguments("-(3+4)", "-7"), arguments("0.1+0.2", "0.30000000000000004"),
				arguments(".5 + 1.", "1.5"), arguments("sqrt(16)", "4"), arguments("sqrt(2)", "1.4142135623730951"),
				arguments("abs(-3.5)", "3.5"), arguments("round(2.5)", "3"), arguments("round(-2.5)", "-2"),
				arguments("round(3.14159, 2)", "3.14"), arguments("min(3, 1, 2)", "1"), arguments("max(3, 1, 2)", "3"),
				arguments("max(2, sqrt(16)) * 2", "8"), arguments("  1 +\t2 ", "3"),
				arguments("pi", "3.141592653589793"), arguments("2 * e", "5.43656365691809"), arguments("SQRT(9)", "3"),
				arguments("1e3", null), arguments("100000000000000000000", "1.0E20"));
	}

	static Stream<Arguments> errors() {
		return Stream.of(arguments("1/0", "Division by zero"), arguments("5 % 0", "Modulo by zero"),
				arguments("", "The expression is empty"), arguments("   ", "The expression is empty"),
				arguments("1 +", "Unexpected end of expression"), arguments("(1+2", "Expected ')'"),
				arguments("1+2)", "Unexpected ')'"), arguments("2 ** 3", "Unexpected '*'"),
				arguments("1..2", "Malformed number '1..2'"), arguments("abc", "Unknown name 'abc'"),
				arguments("foo(1)", "Unknown function 'foo'"), arguments("sqrt(-1)", "sqrt of a negative number"),
				arguments("sqrt(1, 2)", "sqrt takes 1 argument"), arguments("(-8)^(1/3)", "is undefined"),
				arguments("10^400", "not a finite number"), arguments("1; DROP TABLE", "Unexpected ';'"),
				arguments("java.lang.System.exit(0)", "Unknown name 'java'"),
				arguments("(".repeat(100) + "1", "nests deeper than 64"),
				arguments("1".repeat(1001), "longer than 1000 characters"), arguments("round(1, 99)", "round takes"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("values")
	void evaluates(String expression, String expected) {
		if (expected == null) {
			// Scientific notation is not part of the grammar.
			assertError(expression, "Unexpected 'e'");
			return;
		}
		StepVerifier.create(this.calculator.call(JSON.createObjectNode().put("expression", expression), context()))
			.assertNext((output) -> assertThat(output.value().get("result").toString()).isEqualTo(expected))
			.verifyComplete();
	}

	@ParameterizedTest(name = "{0} fails: {1}")
	@MethodSource("errors")
	void reportsErrors(String expression, String message) {
		assertError(expression, message);
	}

	private void assertError(String expression, String message) {
		StepVerifier.create(this.calculator.call(JSON.createObjectNode().put("expression", expression), context()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ToolException.class)
				.hasMessageContaining(message)
				.satisfies((toolException) -> assertThat(((ToolException) toolException).isTransient()).isFalse()))
			.verify();
	}

	private static ToolContext context() {
		return new ToolContext("u", "s", "t");
	}

}
