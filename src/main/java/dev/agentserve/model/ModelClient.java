package dev.agentserve.model;

import reactor.core.publisher.Flux;

/**
 * A model provider. Implementations stream one round as it arrives; cancelling the
 * subscription must cancel the underlying call. Errors are signalled as
 * {@link ModelException}.
 */
public interface ModelClient {

	Flux<ModelEvent> stream(ModelRequest request);

}
