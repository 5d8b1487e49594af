package dev.agentserve.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Vectors as Redis stores them: float32 little-endian bytes in a memory's hash (what the
 * Query Engine indexes and the search re-ranks with), and a compact quantised form for
 * the plain-Redis index: a float32 scale followed by one signed byte per dimension, so a
 * 384-dimension vector takes 388 bytes and its dot product with a query is within a few
 * thousandths of the exact one.
 */
final class Vectors {

	private Vectors() {
	}

	static byte[] float32(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			bytes.putFloat(value);
		}
		return bytes.array();
	}

	static float[] float32(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		float[] vector = new float[bytes.length / Float.BYTES];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = buffer.getFloat();
		}
		return vector;
	}

	/** The bytes {@link #quantized(float[])} gives for a vector of these dimensions. */
	static int quantizedLength(int dimensions) {
		return Float.BYTES + dimensions;
	}

	/** The vector as a scale and one signed byte per dimension (value ≈ scale × byte). */
	static byte[] quantized(float[] vector) {
		float largest = 0;
		for (float value : vector) {
			largest = Math.max(largest, Math.abs(value));
		}
		float scale = (largest > 0) ? largest / 127f : 1f;
		ByteBuffer bytes = ByteBuffer.allocate(quantizedLength(vector.length)).order(ByteOrder.LITTLE_ENDIAN);
		bytes.putFloat(scale);
		for (float value : vector) {
			bytes.put((byte) Math.round(value / scale));
		}
		return bytes.array();
	}

	/**
	 * The dot product of {@code query} with the quantised vector at {@code offset} of
	 * {@code bytes}.
	 */
	static double dotQuantized(float[] query, byte[] bytes, int offset) {
		float scale = Float.intBitsToFloat((bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8
				| (bytes[offset + 2] & 0xff) << 16 | (bytes[offset + 3] & 0xff) << 24);
		int at = offset + Float.BYTES;
		float sum = 0;
		for (int i = 0; i < query.length; i++) {
			sum += query[i] * bytes[at + i];
		}
		return (double) sum * scale;
	}

	static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

}
