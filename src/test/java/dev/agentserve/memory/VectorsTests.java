package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorsTests {

	private final SplittableRandom random = new SplittableRandom(3);

	@Test
	void aQuantisedVectorKeepsDotProductsWithinAFewThousandths() {
		for (int i = 0; i < 200; i++) {
			float[] a = unit(384);
			float[] b = unit(384);
			assertThat(Vectors.dotQuantized(a, Vectors.quantized(b), 0)).isCloseTo(Vectors.dot(a, b), within(0.005));
		}
	}

	@Test
	void float32BytesRoundTrip() {
		float[] vector = unit(16);
		assertThat(Vectors.float32(Vectors.float32(vector))).containsExactly(vector);
	}

	@Test
	void theBestMembersOfClustersComeFirstAndRecordsOfOtherDimensionsAreSkipped() {
		float[] query = unit(8);
		List<byte[]> clusters = new ArrayList<>();
		byte[] near = record("a".repeat(32), query);
		byte[] far = record("b".repeat(32), negated(query));
		byte[] middle = record("c".repeat(32), unit(8));
		clusters.add(concat(far, near));
		clusters.add(null);
		clusters.add(middle);
		clusters.add(record("d".repeat(32), unit(9)));
		assertThat(Cluster.best(clusters, query, 2)).containsExactly("a".repeat(32), "c".repeat(32));
	}

	@Test
	void probesTakeTheNearestCentroidsUntilTheyHoldEnoughMembers() {
		float[] query = unit(8);
		byte[] centroids = concat(concat(Centroids.record(negated(query)), Centroids.record(query)),
				Centroids.record(unit(8)));
		Centroids index = Centroids.of(centroids, 8);
		assertThat(index.size()).isEqualTo(3);
		assertThat(index.nearest(query)).isEqualTo(1);
		assertThat(index.probes(query, 1)).containsExactly(1);
		assertThat(index.probes(query, 3)).hasSize(3).startsWith(1).endsWith(0);
	}

	private static byte[] record(String id, float[] vector) {
		return concat(id.getBytes(StandardCharsets.US_ASCII), Vectors.quantized(vector));
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = new byte[a.length + b.length];
		System.arraycopy(a, 0, both, 0, a.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static float[] negated(float[] vector) {
		float[] negated = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			negated[i] = -vector[i];
		}
		return negated;
	}

	private float[] unit(int dimensions) {
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) (this.random.nextDouble() * 2 - 1);
		}
		return EmbeddingClient.normalize(vector);
	}

}
