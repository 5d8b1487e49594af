package dev.agentserve.model.anthropic;

import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelEvent;
import dev.agentserve.model.ModelRequest;
import dev.agentserve.model.http.ModelEndpoint;
import reactor.core.publisher.Flux;

/** Streams rounds from the Anthropic Messages API. */
public final class AnthropicModelClient implements ModelClient {

	static final String VERSION = "2023-06-01";

	private final ModelEndpoint endpoint;

	private final AnthropicRequestMapper mapper;

	public AnthropicModelClient(ModelEndpoint endpoint) {
		this.endpoint = endpoint;
		this.mapper = new AnthropicRequestMapper(endpoint.json());
	}

	@Override
	public Flux<ModelEvent> stream(ModelRequest request) {
		return this.endpoint.round("/v1/messages", (headers) -> {
			headers.set("anthropic-version", VERSION);
			if (!this.endpoint.config().apiKey().isEmpty()) {
				headers.set("x-api-key", this.endpoint.config().apiKey());
			}
		}, this.mapper.body(request, this.endpoint), () -> new AnthropicStreamParser(this.endpoint));
	}

}
