package dev.agentserve.tool.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates arithmetic by recursive descent; never a script engine. Grammar, loosest
 * first:
 *
 * <pre>
 * sum     = product (("+" | "-") product)*
 * product = unary (("*" | "/" | "%") unary)*
 * unary   = ("-" | "+") unary | power
 * power   = primary ("^" unary)?          right-associative: 2^3^2 = 2^9; -2^2 = -4
 * primary = number | "(" sum ")" | name "(" sum ("," sum)* ")" | "pi" | "e"
 * </pre>
 */
final class Expression {

	static final int MAX_LENGTH = 1000;

	static final int MAX_DEPTH = 64;

	private final String text;

	private int position;

	private int depth;

	private Expression(String text) {
		this.text = text;
	}

	/**
	 * The value of the expression, or {@link ExpressionException} saying what is wrong.
	 */
	static double evaluate(String text) {
		if (text.isBlank()) {
			throw new ExpressionException("The expression is empty");
		}
		if (text.length() > MAX_LENGTH) {
			throw new ExpressionException("The expression is longer than " + MAX_LENGTH + " characters");
		}
		Expression expression = new Expression(text);
		double value = expression.sum();
		expression.skipSpaces();
		if (expression.position < text.length()) {
			throw expression.error("Unexpected '" + text.charAt(expression.position) + "'");
		}
		if (!Double.isFinite(value)) {
			throw new ExpressionException("The result is not a finite number");
		}
		return value;
	}

	private double sum() {
		double value = product();
		while (true) {
			if (take('+')) {
				value += product();
			}
			else if (take('-')) {
				value -= product();
			}
			else {
				return value;
			}
		}
	}

	private double product() {
		double value = unary();
		while (true) {
			if (take('*')) {
				value *= unary();
			}
			else if (take('/')) {
				double divisor = unary();
				if (divisor == 0) {
					throw new ExpressionException("Division by zero");
				}
				value /= divisor;
			}
			else if (take('%')) {
				double divisor = unary();
				if (divisor == 0) {
					throw new ExpressionException("Modulo by zero");
				}
				value %= divisor;
			}
			else {
				return value;
			}
		}
	}

	private double unary() {
		enter();
		try {
			if (take('-')) {
				return -unary();
			}
			if (take('+')) {
				return unary();
			}
			return power();
		}
		finally {
			this.depth--;
		}
	}

	private double power() {
		double base = primary();
		if (take('^')) {
			double exponent = unary();
			double value = Math.pow(base, exponent);
			if (Double.isNaN(value)) {
				throw new ExpressionException("The power " + format(base) + "^" + format(exponent) + " is undefined");
			}
			return value;
		}
		return base;
	}

	private double primary() {
		skipSpaces();
		if (take('(')) {
			enter();
			double value = sum();
			this.depth--;
			expect(')');
			return value;
		}
		if (this.position < this.text.length() && Character.isLetter(this.text.charAt(this.position))) {
			return named(name());
		}
		return number();
	}

	private double named(String name) {
		switch (name) {
			case "pi":
				return Math.PI;
			case "e":
				return Math.E;
			default:
		}
		if (!take('(')) {
			throw error("Unknown name '" + name + "'");
		}
		List<Double> arguments = new ArrayList<>();
		enter();
		arguments.add(sum());
		while (take(',')) {
			arguments.add(sum());
		}
		this.depth--;
		expect(')');
		return Functions.apply(name, arguments);
	}

	private String name() {
		int start = this.position;
		while (this.position < this.text.length() && Character.isLetter(this.text.charAt(this.position))) {
			this.position++;
		}
		return this.text.substring(start, this.position).toLowerCase(Locale.ROOT);
	}

	private double number() {
		skipSpaces();
		int start = this.position;
		boolean digits = false;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (Character.isDigit(c)) {
				digits = true;
			}
			else if (c != '.') {
				break;
			}
			this.position++;
		}
		String literal = this.text.substring(start, this.position);
		if (!literal.isEmpty() && (!digits || literal.indexOf('.') != literal.lastIndexOf('.'))) {
			throw error("Malformed number '" + literal + "'");
		}
		if (literal.isEmpty()) {
			throw error((this.position >= this.text.length()) ? "Unexpected end of expression"
					: "Unexpected '" + this.text.charAt(this.position) + "'");
		}
		return Double.parseDouble(literal);
	}

	private boolean take(char expected) {
		skipSpaces();
		if (this.position < this.text.length() && this.text.charAt(this.position) == expected) {
			this.position++;
			return true;
		}
		return false;
	}

	private void expect(char expected) {
		if (!take(expected)) {
			throw error("Expected '" + expected + "'");
		}
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw new ExpressionException("The expression nests deeper than " + MAX_DEPTH + " levels");
		}
	}

	private void skipSpaces() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private ExpressionException error(String message) {
		return new ExpressionException(message + " at position " + (this.position + 1));
	}

	static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

}
