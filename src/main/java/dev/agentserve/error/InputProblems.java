package dev.agentserve.error;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns the causes Spring wraps in a {@link ServerWebInputException} (Jackson errors,
 * type mismatches, a missing body) into a sentence that says what to fix.
 */
final class InputProblems {

	private static final int MAX_QUOTED = 200;

	private static final Map<Class<?>, String> TYPE_NAMES = Map.ofEntries(Map.entry(String.class, "a string"),
			Map.entry(Integer.class, "an integer"), Map.entry(int.class, "an integer"),
			Map.entry(Long.class, "an integer"), Map.entry(long.class, "an integer"),
			Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
			Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"));

	private InputProblems() {
	}

	/** Whether the input failed because it was larger than the decoders accept. */
	static boolean isTooLarge(Throwable ex) {
		return find(ex, DataBufferLimitException.class) != null;
	}

	static String describe(ServerWebInputException ex) {
		UnrecognizedPropertyException unknown = find(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			return "Unknown field '" + path(unknown) + "'" + known(unknown.getKnownPropertyIds());
		}
		MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
		if (mismatch != null) {
			String path = path(mismatch);
			if (path.isEmpty()) {
				return "The request body must be a JSON object";
			}
			return "Field '" + path + "' must be " + typeName(mismatch.getTargetType());
		}
		StreamReadException malformed = find(ex, StreamReadException.class);
		if (malformed != null) {
			return "Malformed JSON: " + quote(malformed.getOriginalMessage());
		}
		TypeMismatchException typeMismatch = find(ex, TypeMismatchException.class);
		if (typeMismatch != null && ex.getMethodParameter() != null) {
			return "Parameter '" + ex.getMethodParameter().getParameterName() + "' must be "
					+ typeName(typeMismatch.getRequiredType()) + ", got '"
					+ quote(String.valueOf(typeMismatch.getValue())) + "'";
		}
		if (ex.getReason() != null && ex.getReason().startsWith("No request body")) {
			return "A JSON request body is required";
		}
		return (ex.getReason() != null) ? ex.getReason() : "Invalid request";
	}

	private static String path(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String known(@Nullable Collection<Object> known) {
		if (known == null || known.isEmpty()) {
			return "";
		}
		List<String> names = known.stream().map(String::valueOf).sorted().toList();
		return "; known fields: " + String.join(", ", names);
	}

	private static String typeName(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		String name = TYPE_NAMES.get(type);
		if (name != null) {
			return name;
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "a JSON object";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a JSON array";
		}
		return "of type " + type.getSimpleName();
	}

	private static String quote(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
		return (oneLine.length() > MAX_QUOTED) ? oneLine.substring(0, MAX_QUOTED) + "…" : oneLine;
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
