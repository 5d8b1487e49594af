package dev.agentserve.tool.builtin;

import java.util.List;

/** The calculator's functions. */
final class Functions {

	private Functions() {
	}

	static double apply(String name, List<Double> arguments) {
		return switch (name) {
			case "sqrt" -> {
				double x = single(name, arguments);
				if (x < 0) {
					throw new ExpressionException("sqrt of a negative number (" + Expression.format(x) + ")");
				}
				yield Math.sqrt(x);
			}
			case "abs" -> Math.abs(single(name, arguments));
			case "round" -> round(arguments);
			case "min" -> arguments.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
			case "max" -> arguments.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
			default ->
				throw new ExpressionException("Unknown function '" + name + "'; known: sqrt, abs, round, min, max");
		};
	}

	private static double single(String name, List<Double> arguments) {
		if (arguments.size() != 1) {
			throw new ExpressionException(name + " takes 1 argument, got " + arguments.size());
		}
		return arguments.get(0);
	}

	/**
	 * {@code round(x)} to an integer, {@code round(x, digits)} to decimal places (half
	 * up).
	 */
	private static double round(List<Double> arguments) {
		if (arguments.size() == 1) {
			return Math.floor(arguments.get(0) + 0.5);
		}
		if (arguments.size() != 2 || arguments.get(1) != Math.rint(arguments.get(1)) || arguments.get(1) < 0
				|| arguments.get(1) > 15) {
			throw new ExpressionException("round takes (x) or (x, digits) with digits 0 to 15");
		}
		return java.math.BigDecimal.valueOf(arguments.get(0))
			.setScale(arguments.get(1).intValue(), java.math.RoundingMode.HALF_UP)
			.doubleValue();
	}

}
