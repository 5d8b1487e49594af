package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Query Engine path's commands, as built and parsed here. No Redis with the Query
 * Engine is available to the tests (Debian's redis-server 7.0 has none), so this checks
 * the command text against the FT.CREATE / FT.SEARCH syntax of the Redis documentation.
 */
class QueryEngineCommandsTests {

	@Test
	void theIndexIsHnswOverTheVectorFieldOfMemoryHashes() {
		assertThat(String.join(" ", QueryEngineCommands.create("as:", 384)))
			.isEqualTo("FT.CREATE as:memories ON HASH PREFIX 1 as:{mem: FILTER exists(@owner) SCHEMA owner TAG "
					+ "vec VECTOR HNSW 6 TYPE FLOAT32 DIM 384 DISTANCE_METRIC COSINE");
	}

	@Test
	void aSearchIsAKnnQueryFilteredByOwnerWithTheVectorAsAParameter() {
		byte[] vector = Vectors.float32(new float[] { 1, 0 });
		List<byte[]> args = QueryEngineCommands.search("as:", "user@example.com", vector, 3);

		assertThat(args.get(6)).isEqualTo(vector);
		assertThat(args.stream().map((arg) -> new String(arg, StandardCharsets.UTF_8)).toList().subList(0, 6))
			.containsExactly("FT.SEARCH", "as:memories", "@owner:{user\\@example\\.com}=>[KNN 3 @vec $q AS dist]",
					"PARAMS", "2", "q");
		assertThat(args.stream().skip(7).map((arg) -> new String(arg, StandardCharsets.UTF_8)).toList())
			.containsExactly("SORTBY", "dist", "ASC", "RETURN", "1", "dist", "LIMIT", "0", "3", "DIALECT", "2");
	}

	@Test
	void aReplyBecomesIdsWithCosineSimilarity() {
		String prefix = "as:{mem:alice}:m:";
		List<Object> reply = List.of(2L, utf8(prefix + "mem_a"), List.of(utf8("dist"), utf8("0.125")),
				utf8(prefix + "mem_b"), List.of(utf8("dist"), utf8("0.5")));

		assertThat(QueryEngineCommands.parse(reply, prefix)).containsExactly(new ScoredId("mem_a", 0.875),
				new ScoredId("mem_b", 0.5));
		assertThat(QueryEngineCommands.parse(List.of(0L), prefix)).isEmpty();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
