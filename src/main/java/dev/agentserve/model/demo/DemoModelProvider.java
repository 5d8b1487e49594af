package dev.agentserve.model.demo;

import java.util.Collection;
import java.util.List;

import dev.agentserve.model.ModelClient;
import dev.agentserve.model.ModelProvider;
import org.springframework.stereotype.Component;

/** Serves the model reference {@code demo}. */
@Component
class DemoModelProvider implements ModelProvider {

	private final DemoModelClient client;

	DemoModelProvider(DemoModelProperties properties) {
		this.client = new DemoModelClient(properties);
	}

	@Override
	public Collection<String> prefixes() {
		return List.of("demo");
	}

	@Override
	public ModelClient client(String prefix, String modelName) {
		return this.client;
	}

}
