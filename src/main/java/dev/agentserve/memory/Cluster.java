package dev.agentserve.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/**
 * The members of clusters of the plain-Redis vector index, as {@code memory-put.lua}
 * appends them: records of a 32-byte id and a {@linkplain Vectors#quantized quantised}
 * vector.
 */
final class Cluster {

	static final int ID_LENGTH = 32;

	private Cluster() {
	}

	/**
	 * The ids of the {@code count} members of these clusters most similar to the query,
	 * by their quantised vectors, best first. A cluster whose records do not have the
	 * query's dimensions is skipped.
	 */
	static List<String> best(List<byte @Nullable []> clusters, float[] query, int count) {
		int stride = ID_LENGTH + Vectors.quantizedLength(query.length);
		PriorityQueue<Candidate> best = new PriorityQueue<>(Comparator.comparingDouble(Candidate::score));
		for (byte[] records : clusters) {
			if (records == null || records.length % stride != 0) {
				continue;
			}
			for (int at = 0; at < records.length; at += stride) {
				double score = Vectors.dotQuantized(query, records, at + ID_LENGTH);
				if (best.size() < count) {
					best.add(new Candidate(records, at, score));
				}
				else if (score > best.peek().score()) {
					best.poll();
					best.add(new Candidate(records, at, score));
				}
			}
		}
		List<Candidate> ranked = new ArrayList<>(best);
		ranked.sort(Comparator.comparingDouble(Candidate::score).reversed());
		return ranked.stream().map(Candidate::id).toList();
	}

	private record Candidate(byte[] records, int at, double score) {

		String id() {
			return new String(this.records, this.at, ID_LENGTH, StandardCharsets.US_ASCII);
		}

	}

}
