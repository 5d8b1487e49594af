package dev.agentserve.model.openai;

import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.http.ModelEndpoint;
import reactor.core.publisher.Flux;

/** Streams rounds from an OpenAI-compatible Chat Completions endpoint. */
public final class OpenAiModelClient implements ModelClient {

	private final ModelEndpoint endpoint;

	private final OpenAiRequestMapper mapper;

	public OpenAiModelClient(ModelEndpoint endpoint) {
		this.endpoint = endpoint;
		this.mapper = new OpenAiRequestMapper(endpoint.json());
	}

	@Override
	public Flux<ModelEvent> stream(ModelRequest request) {
		return this.endpoint.round("/chat/completions", (headers) -> {
			if (!this.endpoint.config().apiKey().isEmpty()) {
				headers.setBearerAuth(this.endpoint.config().apiKey());
			}
		}, this.mapper.body(request, this.endpoint), () -> new OpenAiStreamParser(this.endpoint));
	}

}
