package dev.agentserve.model.demo;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the demo model makes of a user message: arithmetic, a time question, or neither.
 */
sealed interface DemoIntent {

	/** An arithmetic expression to hand to the calculator. */
	record Arithmetic(String expression) implements DemoIntent {
	}

	/** A question about the current time, in a zone when one was named. */
	record Time(String timezone) implements DemoIntent {
	}

	/** Anything else. */
	record Chat() implements DemoIntent {
	}

	/** Runs of digits, operators, parentheses and the calculator's function names. */
	Pattern EXPRESSION = Pattern.compile("(?:sqrt|abs|round|min|max|[-+*/^%().,\\d\\s])+", Pattern.CASE_INSENSITIVE);

	Pattern OPERATOR = Pattern.compile("[-+*/^%]|sqrt|abs|round|min|max", Pattern.CASE_INSENSITIVE);

	Pattern ZONE = Pattern.compile("\\b([A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?|UTC|GMT)\\b");

	Pattern TIME_WORDS = Pattern.compile("\\b(time|clock|date|day is it|today)\\b");

	static DemoIntent of(String message) {
		Optional<String> expression = expression(message);
		if (expression.isPresent()) {
			return new Arithmetic(expression.get());
		}
		if (TIME_WORDS.matcher(message.toLowerCase(Locale.ROOT)).find()) {
			Matcher zone = ZONE.matcher(message);
			return new Time(zone.find() ? zone.group(1) : "UTC");
		}
		return new Chat();
	}

	private static Optional<String> expression(String message) {
		Matcher matcher = EXPRESSION.matcher(message);
		while (matcher.find()) {
			String candidate = matcher.group().trim().replaceAll("[.,\\s]+$", "").replaceAll("^[.,\\s]+", "");
			if (candidate.chars().anyMatch(Character::isDigit) && OPERATOR.matcher(candidate).find()) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
