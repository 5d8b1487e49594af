package dev.agentserve.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * The centroids of one user's plain-Redis vector index, as {@code memory-put.lua} keeps
 * them: records of a member count (uint32 little-endian) and a
 * {@linkplain Vectors#quantized quantised} vector. A centroid is the vector of the memory
 * that founded its cluster; the index only ever adds centroids (at most about 2√n for n
 * memories), so a cluster is where its members stay.
 */
final class Centroids {

	/** The most centroids one user's index grows to. */
	static final int MAX = 1024;

	/**
	 * A memory less similar than this to every centroid founds a new cluster, while the
	 * user's index may still grow.
	 */
	static final double FOUND_BELOW = 0.95;

	private final byte[] bytes;

	private final int stride;

	private final int size;

	private Centroids(byte[] bytes, int dimensions) {
		this.bytes = bytes;
		this.stride = recordLength(dimensions);
		this.size = (bytes.length % this.stride == 0) ? bytes.length / this.stride : 0;
	}

	static Centroids of(byte @Nullable [] bytes, int dimensions) {
		return new Centroids((bytes != null) ? bytes : new byte[0], dimensions);
	}

	/** The bytes of one centroid record, for a vector founding a cluster of one. */
	static byte[] record(float[] vector) {
		byte[] quantized = Vectors.quantized(vector);
		return ByteBuffer.allocate(Integer.BYTES + quantized.length)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(1)
			.put(quantized)
			.array();
	}

	static int recordLength(int dimensions) {
		return Integer.BYTES + Vectors.quantizedLength(dimensions);
	}

	int size() {
		return this.size;
	}

	int members(int centroid) {
		return ByteBuffer.wrap(this.bytes, centroid * this.stride, Integer.BYTES)
			.order(ByteOrder.LITTLE_ENDIAN)
			.getInt();
	}

	double similarity(int centroid, float[] vector) {
		return Vectors.dotQuantized(vector, this.bytes, centroid * this.stride + Integer.BYTES);
	}

	/** The centroid most similar to the vector, or -1 when there is none. */
	int nearest(float[] vector) {
		int best = -1;
		double bestSimilarity = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < this.size; i++) {
			double similarity = similarity(i, vector);
			if (similarity > bestSimilarity) {
				bestSimilarity = similarity;
				best = i;
			}
		}
		return best;
	}

	/**
	 * The clusters a search reads: the ones whose centroids are most similar to the
	 * query, until they hold at least {@code candidates} memories (all of them when the
	 * user has fewer).
	 */
	List<Integer> probes(float[] query, int candidates) {
		double[] similarities = new double[this.size];
		for (int i = 0; i < this.size; i++) {
			similarities[i] = similarity(i, query);
		}
		List<Integer> order = IntStream.range(0, this.size)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> -similarities[i]))
			.toList();
		List<Integer> probes = new ArrayList<>();
		long members = 0;
		for (int centroid : order) {
			if (members >= candidates) {
				break;
			}
			int count = members(centroid);
			if (count > 0) {
				probes.add(centroid);
				members += count;
			}
		}
		return probes;
	}

}
