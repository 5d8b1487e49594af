package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis Query Engine commands of the vector index (Redis 8, Redis Stack): one index
 * over every user's memory hashes, filtered by the {@code owner} tag at query time. Pure
 * command construction and reply parsing, so it is testable without such a server.
 */
final class QueryEngineCommands {

	private QueryEngineCommands() {
	}

	/** The index's name. */
	static String indexName(String keyPrefix) {
		return keyPrefix + "memories";
	}

	/**
	 * {@code FT.CREATE}: HNSW over the float32 {@code vec} field of hashes under
	 * {@code <prefix>{mem:}, cosine distance}.
	 */
	static List<String> create(String keyPrefix, int dimensions) {
		return List.of("FT.CREATE", indexName(keyPrefix), "ON", "HASH", "PREFIX", "1", keyPrefix + "{mem:", "FILTER",
				"exists(@owner)", "SCHEMA", "owner", "TAG", "vec", "VECTOR", "HNSW", "6", "TYPE", "FLOAT32", "DIM",
				Integer.toString(dimensions), "DISTANCE_METRIC", "COSINE");
	}

	/**
	 * {@code FT.SEARCH}: the {@code limit} nearest of one owner's memories; the query
	 * vector goes as the {@code q} parameter (float32 little-endian bytes).
	 */
	static List<byte[]> search(String keyPrefix, String owner, byte[] vector, int limit) {
		List<byte[]> args = new ArrayList<>();
		for (String arg : List.of("FT.SEARCH", indexName(keyPrefix),
				"@owner:{" + escapeTag(owner) + "}=>[KNN " + limit + " @vec $q AS dist]", "PARAMS", "2", "q")) {
			args.add(arg.getBytes(StandardCharsets.UTF_8));
		}
		args.add(vector);
		for (String arg : List.of("SORTBY", "dist", "ASC", "RETURN", "1", "dist", "LIMIT", "0", Integer.toString(limit),
				"DIALECT", "2")) {
			args.add(arg.getBytes(StandardCharsets.UTF_8));
		}
		return args;
	}

	/**
	 * The ids and cosine similarities (1 - cosine distance) of an {@code FT.SEARCH} reply
	 * in RESP2 shape: {@code [total, key, [field, value, ...], key, ...]}.
	 */
	static List<ScoredId> parse(List<?> reply, String memoryKeyPrefix) {
		List<ScoredId> scored = new ArrayList<>();
		for (int i = 1; i + 1 < reply.size(); i += 2) {
			String key = text(reply.get(i));
			double distance = Double.NaN;
			if (reply.get(i + 1) instanceof List<?> fields) {
				for (int f = 0; f + 1 < fields.size(); f += 2) {
					if (text(fields.get(f)).equals("dist")) {
						distance = Double.parseDouble(text(fields.get(f + 1)));
					}
				}
			}
			if (key.startsWith(memoryKeyPrefix) && !Double.isNaN(distance)) {
				scored.add(new ScoredId(key.substring(memoryKeyPrefix.length()), 1 - distance));
			}
		}
		return scored;
	}

	/** A TAG value with every character that is not a letter or digit escaped. */
	static String escapeTag(String value) {
		StringBuilder escaped = new StringBuilder(value.length() * 2);
		value.codePoints().forEach((c) -> {
			if (!Character.isLetterOrDigit(c)) {
				escaped.append('\\');
			}
			escaped.appendCodePoint(c);
		});
		return escaped.toString();
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

}
