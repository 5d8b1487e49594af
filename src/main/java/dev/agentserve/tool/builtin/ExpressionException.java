package dev.agentserve.tool.builtin;

/** An expression the calculator cannot evaluate. */
final class ExpressionException extends RuntimeException {

	ExpressionException(String message) {
		super(message);
	}

}
