package dev.agentserve.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vectors as Redis stores them: float32 little-endian bytes, and a 128-bit sign signature
 * (random-hyperplane LSH, SimHash) whose Hamming distance estimates the angle between two
 * vectors. The hyperplanes come from a fixed seed, so every replica computes the same
 * signature for the same vector.
 */
final class Signatures {

	/** Bits of a signature: four 32-bit words, as the search script reads them. */
	static final int BITS = 128;

	private static final long SEED = 0x5EED_A6E7_5E12_7EL;

	private static final Map<Integer, float[][]> PLANES = new ConcurrentHashMap<>();

	private Signatures() {
	}

	/** The signature of a vector: bit i is set when it lies above hyperplane i. */
	static byte[] signature(float[] vector) {
		float[][] planes = PLANES.computeIfAbsent(vector.length, Signatures::planes);
		int[] words = new int[BITS / 32];
		for (int bit = 0; bit < BITS; bit++) {
			float[] plane = planes[bit];
			double dot = 0;
			for (int i = 0; i < vector.length; i++) {
				dot += plane[i] * vector[i];
			}
			if (dot >= 0) {
				words[bit / 32] |= 1 << (bit % 32);
			}
		}
		ByteBuffer bytes = ByteBuffer.allocate(BITS / 8).order(ByteOrder.LITTLE_ENDIAN);
		for (int word : words) {
			bytes.putInt(word);
		}
		return bytes.array();
	}

	static byte[] bytes(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			bytes.putFloat(value);
		}
		return bytes.array();
	}

	private static float[][] planes(int dimensions) {
		SplittableRandom random = new SplittableRandom(SEED + dimensions);
		float[][] planes = new float[BITS][dimensions];
		for (float[] plane : planes) {
			for (int i = 0; i < dimensions; i++) {
				plane[i] = (float) gaussian(random);
			}
		}
		return planes;
	}

	private static double gaussian(SplittableRandom random) {
		double u = 1 - random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

}
