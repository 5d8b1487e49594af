package dev.agentserve.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recall quality on {@link RecallSet}: recall@3 of the default (local) embedder and of a
 * lexical baseline (word overlap), and what one local embedding costs.
 */
class RecallQualityTests {

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "i", "my", "me", "is", "am", "are", "do",
			"to", "in", "of", "and", "what", "which", "who", "where", "when", "how", "you", "our", "on", "at", "as",
			"can", "could", "should", "it", "every", "last", "was", "be");

	private final LocalEmbeddingClient embedder = new LocalEmbeddingClient();

	@Test
	void theDefaultEmbedderBeatsTheLexicalBaseline() {
		List<float[]> facts = RecallSet.FACTS.stream().map(this::embed).toList();
		java.util.Map<String, float[]> questions = new java.util.HashMap<>();
		RecallSet.QUESTIONS.forEach((question) -> questions.put(question.text(), embed(question.text())));
		double semantic = recallAt3((question, fact) -> dot(questions.get(question), facts.get(fact)));
		double lexical = recallAt3((question, fact) -> overlap(question, RecallSet.FACTS.get(fact)));

		System.out.printf(Locale.ROOT, "recall@3 on %d questions: local embedder %.2f, lexical baseline %.2f%n",
				RecallSet.QUESTIONS.size(), semantic, lexical);
		assertThat(semantic).isGreaterThan(lexical).isGreaterThanOrEqualTo(0.8);
	}

	@Test
	void measuresTheCostOfOneEmbedding() {
		embed("warm up");
		int runs = 50;
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			embed("Which city does my sister live in, and since when? Sentence " + i);
			nanos[i] = System.nanoTime() - started;
		}
		java.util.Arrays.sort(nanos);
		System.out.printf(Locale.ROOT, "local embedding: median %.1f ms, p90 %.1f ms over %d short sentences%n",
				nanos[runs / 2] / 1e6, nanos[runs * 9 / 10] / 1e6, runs);
		assertThat(embed("x")).hasSize(384);
		assertThat(nanos[runs / 2]).isLessThan(Duration.ofSeconds(1).toNanos());
	}

	private double recallAt3(BiFunction<String, Integer, Double> score) {
		int hits = 0;
		for (RecallSet.Question question : RecallSet.QUESTIONS) {
			List<Integer> ranked = IntStream.range(0, RecallSet.FACTS.size())
				.boxed()
				.sorted(Comparator.comparingDouble((Integer fact) -> score.apply(question.text(), fact)).reversed())
				.toList();
			if (ranked.subList(0, 3).contains(question.fact())) {
				hits++;
			}
		}
		return (double) hits / RecallSet.QUESTIONS.size();
	}

	private float[] embed(String text) {
		return this.embedder.embed(text).block(Duration.ofSeconds(60));
	}

	static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	/** Jaccard overlap of content words (lower case, stop words dropped). */
	static double overlap(String a, String b) {
		Set<String> left = words(a);
		Set<String> right = words(b);
		Set<String> both = new HashSet<>(left);
		both.retainAll(right);
		Set<String> either = new HashSet<>(left);
		either.addAll(right);
		return either.isEmpty() ? 0 : (double) both.size() / either.size();
	}

	private static Set<String> words(String text) {
		Set<String> words = new HashSet<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
				words.add(word);
			}
		}
		return new ArrayList<>(words).isEmpty() ? Set.of() : words;
	}

}
